"""The document fonts: Debian's Noto CJK faces cut down to the characters of GB 2312.

WeasyPrint embeds a subset of every face a document uses, and HarfBuzz's time to cut it grows with
the glyphs of the whole face (65,535 in a Noto CJK face, ~50 ms a face here whatever the text),
about 40 % of drawing a decision. `manage.py build_document_fonts` (run by `make install`) cuts
each face once to GB 2312 and the punctuation of official documents (~14,000 glyphs); documents
name these faces first and the full Noto faces after them, so a character outside GB 2312 (a rare
character of a name) is still drawn, from the full face. Same outlines: the page looks the same.
"""

import json
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

SERIF_FAMILY = "Casework Serif SC"
SANS_FAMILY = "Casework Sans SC"


@dataclass(frozen=True)
class Face:
    family: str  # the name the document stylesheet uses
    weight: str  # CSS font-weight
    source: str  # a fontconfig pattern for the Debian face it is cut from
    file_name: str


FACES = (
    Face(SERIF_FAMILY, "normal", "Noto Serif CJK SC:style=Regular", "serif-sc-regular.otf"),
    Face(SERIF_FAMILY, "bold", "Noto Serif CJK SC:style=Bold", "serif-sc-bold.otf"),
    Face(SANS_FAMILY, "normal", "Noto Sans CJK SC:style=Regular", "sans-sc-regular.otf"),
    Face(SANS_FAMILY, "bold", "Noto Sans CJK SC:style=Bold", "sans-sc-bold.otf"),
)
MANIFEST = "manifest.json"

# besides GB 2312: ASCII and Latin-1, general punctuation (—, …, ‰), letterlike symbols (№, ℃),
# number forms and enclosed numbers (Ⅰ, ①), CJK symbols (〔〕, 《》) and full-width forms
EXTRA_RANGES = (
    (0x0020, 0x007E),
    (0x00A0, 0x00FF),
    (0x2000, 0x206F),
    (0x2100, 0x218F),
    (0x2460, 0x24FF),
    (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
)


def fonts_dir() -> Path:
    return Path(settings.DOCUMENT_FONTS_DIR)


def document_charset() -> list[int]:
    """The code points the cut faces keep: every character of GB 2312 and EXTRA_RANGES."""
    points = {c for low, high in EXTRA_RANGES for c in range(low, high + 1)}
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                points.add(ord(bytes([row, cell]).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return sorted(points)


class FontBuildError(Exception):
    pass


def _source_of(face: Face) -> tuple[Path, int]:
    """The Debian font file and face index fontconfig finds for the face (fonts-noto-cjk)."""
    try:
        found = subprocess.run(  # noqa: S603
            ["fc-match", "-f", "%{family}\t%{file}\t%{index}", face.source],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise FontBuildError(f"fc-match failed: {error}") from error
    families, file_name, index = found.split("\t")
    wanted = face.source.split(":")[0]
    if wanted not in families.split(","):
        raise FontBuildError(
            f"{wanted} is not installed (fontconfig offers {families}): fonts-noto-cjk"
        )
    return Path(file_name), int(index)


def _stamp(source: Path, index: int) -> dict:
    stat = source.stat()
    return {"source": str(source), "index": index, "size": stat.st_size, "mtime": stat.st_mtime}


def fonts_build(*, out_dir: Path | None = None, force: bool = False, progress=print) -> list[Path]:
    """Cut every face of FACES with HarfBuzz's hb-subset into `out_dir`; a face whose source has
    not changed since it was cut is kept. Returns the files written."""
    out_dir = out_dir or fonts_dir()
    hb_subset = shutil.which("hb-subset")
    if hb_subset is None:
        raise FontBuildError("hb-subset is not installed (Debian package libharfbuzz-bin)")
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = out_dir / MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    charset = out_dir / "charset.txt"
    charset.write_text(",".join(f"{c:X}" for c in document_charset()))
    written = []
    for number, face in enumerate(FACES, start=1):
        source, index = _source_of(face)
        target = out_dir / face.file_name
        stamp = _stamp(source, index)
        if not force and target.exists() and manifest.get(face.file_name) == stamp:
            progress(f"[{number}/{len(FACES)}] {face.file_name}: up to date")
            continue
        partial = target.with_suffix(".part")
        try:
            subprocess.run(  # noqa: S603
                [
                    hb_subset,
                    f"--font-file={source}",
                    f"--face-index={index}",
                    f"--unicodes-file={charset}",
                    "--layout-features=*",
                    "--name-IDs=*",
                    "--notdef-outline",
                    f"--output-file={partial}",
                ],
                capture_output=True,
                check=True,
            )
        except subprocess.CalledProcessError as error:
            partial.unlink(missing_ok=True)
            raise FontBuildError(f"hb-subset failed on {source}: {error.stderr!r}") from error
        partial.replace(target)
        manifest[face.file_name] = stamp
        written.append(target)
        progress(f"[{number}/{len(FACES)}] {face.file_name}: cut from {source.name} #{index}")
    manifest_path.write_text(json.dumps(manifest, indent=2))
    font_face_css.cache_clear()
    return written


@lru_cache(maxsize=1)
def font_face_css() -> str:
    """@font-face rules for the cut faces that exist (none: documents use the full faces)."""
    rules = []
    for face in FACES:
        path = fonts_dir() / face.file_name
        if path.is_file():
            rules.append(
                f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight};'
                f' src: url("{path.resolve().as_uri()}"); }}'
            )
    return "\n".join(rules)


def is_font_file(url_path: Path) -> bool:
    """Whether a file:// path names one of the cut faces (the renderer's fetcher serves those)."""
    directory = fonts_dir().resolve()
    return url_path.parent == directory and url_path.name in {f.file_name for f in FACES}


def check_document_fonts(app_configs=None, **kwargs):
    """`manage.py check --deploy`: documents drawn with the full faces are about twice as slow."""
    from django.core.checks import Warning as CheckWarning

    if font_face_css():
        return []
    return [
        CheckWarning(
            "Documents are drawn with the full Noto CJK faces (about twice as slow).",
            hint="Run `manage.py build_document_fonts` (needs hb-subset: libharfbuzz-bin) and "
            "point DOCUMENT_FONTS_DIR at its output.",
            id="documents.W001",
        )
    ]
