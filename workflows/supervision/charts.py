"""The summary's charts as inline SVG: one code path for the web page and the PDF report.

WeasyPrint renders inline SVG, browsers too, so the same markup goes into both. Text stays
text (the PDF's text layer has the department names, screen readers read the title and the
description); the tables beside the charts carry the same figures. Why not a charting library:
docs/supervision.md ("Charts").
"""

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# CJK labels: the free Noto fonts the report already uses (fonts-noto-cjk), else the browser's
FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"
WIDTH = 600  # viewBox units; the SVG scales to the width of the page or the column
BAR_COLOR = "#2b6cb0"
OVERDUE_COLOR = "#c05621"
INK = "#1a202c"
GRID = "#a0aec0"
# a department chart longer than this is split, so each fits on one A4 page of the report
BARS_PER_CHART = 30
LABEL_CHARS = 12  # longer department names are shortened on the axis (the full name in <title>)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: nothing to show (e.g. no decision, no rate)
    text: str  # printed beside the bar
    description: str  # the bar for a screen reader and in its tooltip


def _attrs(**attributes) -> str:
    return " ".join(
        f'{name.replace("_", "-")}="{escape(value)}"' for name, value in attributes.items()
    )


def _text(x: float, y: float, content: str, **attributes) -> str:
    return f"<text {_attrs(x=f'{x:.1f}', y=f'{y:.1f}', **attributes)}>{escape(content)}</text>"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _svg(title: str, description: str, height: float, body: list[str]) -> SafeString:
    # the same chart, the same ids: the report's bytes do not depend on what rendered before
    uid = "chart-" + hashlib.sha256((title + description).encode()).hexdigest()[:10]
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f"{_attrs(aria_labelledby=f'{uid}-title {uid}-desc')} "
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="100%" '
        f'font-family="{FONT}" font-size="11" fill="{INK}">'
        f'<title id="{uid}-title">{escape(title)}</title>'
        f'<desc id="{uid}-desc">{escape(description)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 -- every text escaped above


def horizontal_bars(
    title: str,
    bars: Sequence[Bar],
    *,
    maximum: float,
    ticks: Sequence[float],
    tick_suffix: str = "",
) -> SafeString:
    """One bar per row, labels on the left, the value's text at the end of the bar."""
    left, right, top, row = 150.0, 60.0, 34.0, 18.0
    plot = WIDTH - left - right
    height = top + row * len(bars) + 24
    body = [_text(0, 16, title, font_size="13", font_weight="bold")]
    for tick in ticks:
        x = left + plot * tick / maximum
        body.append(
            f"<line {_attrs(x1=f'{x:.1f}', x2=f'{x:.1f}', y1=f'{top - 4:.1f}', y2=f'{top + row * len(bars):.1f}', stroke=GRID, stroke_width='0.5')}/>"
        )
        label = f"{tick:g}{tick_suffix}"
        body.append(
            _text(x, top + row * len(bars) + 14, label, text_anchor="middle", font_size="9")
        )
    for index, bar in enumerate(bars):
        y = top + row * index
        body.append(_text(left - 6, y + row * 0.68, _short(bar.label), text_anchor="end"))
        width = 0.0 if bar.value is None else plot * max(0.0, min(bar.value, maximum)) / maximum
        if width:
            body.append(
                f"<rect {_attrs(x=f'{left:.1f}', y=f'{y + 3:.1f}', width=f'{width:.1f}', height=f'{row - 6:.1f}', fill=BAR_COLOR)}>"
                f"<title>{escape(bar.description)}</title></rect>"
            )
        body.append(_text(left + width + 4, y + row * 0.68, bar.text, font_size="10"))
    description = "；".join(bar.description for bar in bars)
    return _svg(title, description, height, body)


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5 × 10^k at or above value (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def vertical_bars(title: str, bars: Sequence[Bar]) -> SafeString:
    """One column per bar (e.g. per week), the value above a column that is not zero."""
    left, right, top, bottom = 36.0, 8.0, 40.0, 30.0
    plot_height = 160.0
    height = top + plot_height + bottom
    maximum = _nice_ceiling(max([bar.value or 0 for bar in bars] + [0]))
    slot = (WIDTH - left - right) / max(len(bars), 1)
    every = max(1, math.ceil(len(bars) / 14))  # at most 14 labels on the axis
    base = top + plot_height
    body = [_text(0, 16, title, font_size="13", font_weight="bold")]
    # whole numbers only: counts of tasks
    for tick in (0, maximum / 2, maximum) if maximum % 2 == 0 else (0, maximum):
        y = base - plot_height * tick / maximum
        body.append(
            f"<line {_attrs(x1=f'{left:.1f}', x2=f'{WIDTH - right:.1f}', y1=f'{y:.1f}', y2=f'{y:.1f}', stroke=GRID, stroke_width='0.5')}/>"
        )
        body.append(_text(left - 4, y + 3, f"{tick:g}", text_anchor="end", font_size="9"))
    for index, bar in enumerate(bars):
        x = left + slot * index
        value = bar.value or 0
        bar_height = plot_height * value / maximum
        if bar_height:
            body.append(
                f"<rect {_attrs(x=f'{x + slot * 0.15:.1f}', y=f'{base - bar_height:.1f}', width=f'{slot * 0.7:.1f}', height=f'{bar_height:.1f}', fill=OVERDUE_COLOR)}>"
                f"<title>{escape(bar.description)}</title></rect>"
            )
            body.append(
                _text(
                    x + slot / 2,
                    base - bar_height - 3,
                    bar.text,
                    text_anchor="middle",
                    font_size="8",
                )
            )
        if index % every == 0:
            body.append(
                _text(x + slot / 2, base + 13, bar.label, text_anchor="middle", font_size="9")
            )
    described = [bar.description for bar in bars if bar.value]
    description = "；".join(described) if described else _("Nothing went overdue.")
    return _svg(title, description, height, body)


# ---------------------------------------------------------------- the summary's two charts


def on_time_rate(row: dict) -> float | None:
    """Percent of the decided cases decided on time; None when nothing was decided."""
    if not row["decided"]:
        return None
    return round(100 * row["on_time"] / row["decided"], 1)


def _rate_bar(row: dict) -> Bar:
    rate = on_time_rate(row)
    if rate is None:
        text = _("no decision")
        description = _("%(department)s: no decision") % {"department": row["department_name"]}
    else:
        text = f"{rate:g}%"
        description = _("%(department)s: %(rate)s%% on time (%(on_time)s of %(decided)s)") % {
            "department": row["department_name"],
            "rate": f"{rate:g}",
            "on_time": row["on_time"],
            "decided": row["decided"],
        }
    return Bar(label=row["department_name"], value=rate, text=text, description=description)


def on_time_rate_charts(figures: dict, per_chart: int = BARS_PER_CHART) -> list[SafeString]:
    """On-time rate by department, split into charts of at most `per_chart` departments."""
    bars = [_rate_bar(row) for row in figures["departments"]]
    parts = [bars[i : i + per_chart] for i in range(0, len(bars), per_chart)] or [[]]
    charts = []
    for number, part in enumerate(parts, start=1):
        title = _("On-time rate by department")
        if len(parts) > 1:
            title = f"{title} ({number}/{len(parts)})"
        charts.append(
            horizontal_bars(title, part, maximum=100, ticks=(0, 25, 50, 75, 100), tick_suffix="%")
        )
    return charts


def overdue_by_week_chart(figures: dict) -> SafeString:
    bars = []
    for week in figures["weeks"]:
        day = str(week["week"])
        bars.append(
            Bar(
                label=day[5:],  # MM-DD of the week's Monday
                value=week["overdue"],
                text=str(week["overdue"]),
                description=_("week of %(monday)s: %(count)s went overdue")
                % {"monday": day, "count": week["overdue"]},
            )
        )
    return vertical_bars(_("Overdue by week"), bars)
