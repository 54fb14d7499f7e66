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
