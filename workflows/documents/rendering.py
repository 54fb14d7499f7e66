"""Turns a document template into PDF bytes with WeasyPrint, fetching only local static files."""

import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .fonts import font_face_css, is_font_file

# relative URLs and {% static %} paths resolve against this and land in the fetcher below
BASE_URL = "file:///"


def _static_file(url: str) -> Path | None:
    """The local file a file:///<STATIC_URL>... URL names, if it is a known static file."""
    parsed = urlparse(url)
    if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
        return None
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    path = unquote(parsed.path)
    if not path.startswith(prefix):
        return None
    relative = path.removeprefix(prefix)
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation:  # "../" climbing out of a static directory
        return None
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        candidate = (Path(settings.STATIC_ROOT) / relative).resolve()
        if candidate.is_relative_to(Path(settings.STATIC_ROOT).resolve()) and candidate.is_file():
            return candidate
    return None


def _font_file(url: str) -> Path | None:
    """The cut document face a file:// URL names (documents.fonts), if it is one."""
    parsed = urlparse(url)
    if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parsed.path))
    return path if is_font_file(path) and path.is_file() else None


class LocalURLFetcher(URLFetcher):
    """Serves data: URIs, the project's static files and the cut document faces; refuses
    everything else (no network)."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = _static_file(url) or _font_file(url)
        if path is None:
            raise ValueError(f"refusing to fetch {url!r}: only static files and data: URIs")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes (fonts subset-embedded, text selectable)."""
    html = render_to_string(template_name, context)
    font_config, stylesheets = _fonts()
    return HTML(string=html, base_url=BASE_URL, url_fetcher=LocalURLFetcher()).write_pdf(
        stylesheets=stylesheets, font_config=font_config
    )


_thread_fonts = threading.local()


def _fonts() -> tuple[FontConfiguration, list[CSS]]:
    """The fontconfig set-up and the cut faces' @font-face sheet, made once per thread: loading
    the four faces again for every document cost ~45 ms (pango's font map is not shared across
    threads)."""
    faces = font_face_css()
    cached = getattr(_thread_fonts, "value", None)
    if cached is None or cached[0] != faces:
        font_config = FontConfiguration()
        sheets = [CSS(string=faces, font_config=font_config, url_fetcher=LocalURLFetcher())]
        cached = _thread_fonts.value = (faces, font_config, sheets if faces else [])
    return cached[1], cached[2]
