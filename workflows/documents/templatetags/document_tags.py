"""Template helpers for printed documents: QR codes and Chinese dates."""

import datetime

import segno
from django import template

register = template.Library()


@register.filter
def qr_data_uri(value: str) -> str:
    """An SVG QR code of the value as a data: URI, for an <img> in a PDF template."""
    if not value:
        return ""
    return segno.make(str(value), error="m").svg_data_uri(scale=4, border=2)


@register.filter
def cn_date(value: datetime.date | None) -> str:
    """A date as official documents write it: 2026年5月12日 (Arabic numerals, GB/T 9704-2012)."""
    if not value:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


# a sentence already closed by one of these gets no second full stop ("表扬。。")
_CLOSING = "。！？；.!?;"


@register.filter
def sentence(value: object) -> str:
    """The text as one sentence ending in a single 。, whatever punctuation it arrived with."""
    text = str(value or "").strip()
    if not text:
        return ""
    return text.rstrip(_CLOSING + "，, ") + "。"


@register.filter
def clause(value: object) -> str:
    """The text without its closing punctuation, to run on inside a sentence (…，本机关决定如下：)."""
    return str(value or "").strip().rstrip(_CLOSING + "，, ")
