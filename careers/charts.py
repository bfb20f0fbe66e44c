"""Charts drawn on the server as inline SVG: no JavaScript, readable when printed.

Each chart is an `<svg role="img">` labelled by its own `<title>` and `<desc>` (aria-labelledby), and
each page that shows one also shows the same figures as a table, so the chart is never the only way
to read them. Functions return "" when there is nothing to draw, so a template can write
`{% if chart %}` and a chart never shows an empty frame.

Scales start at zero: a bar twice as long is twice as much.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.safestring import mark_safe

from config.escaping import escape
from config.escaping import escape_text as html_escape

WIDTH = 420  # narrow enough that, scaled to a phone, 14px text stays about 12px
LABEL_WIDTH = 152  # bar charts: room for the row label on the left
VALUE_ROOM = 76  # bar charts: room for the value written after the bar
ROW_HEIGHT = 22
BAR_HEIGHT = 14
MAX_LABEL_CHARS = 20


def usd(value):
    if type(value) is int:
        return f"${value:,}"  # the same text, without a Decimal (a state chart writes some fifty)
    return f"${Decimal(value):,.0f}"


def nice_ceiling(value):
    """A round top for an axis: the smallest of 1, 1.2, 1.6, 2, 2.4, 3, 4, 6, 8 x 10^n at or above `value`.

    Steps this fine keep the longest bar over two-thirds of the width, and quarters of each are round.
    """
    value = Decimal(value)
    if value <= 0:
        return Decimal(0)
    power = Decimal(10) ** (len(str(int(value))) - 1) if value >= 1 else Decimal(1)
    for step in (1, Decimal("1.2"), Decimal("1.6"), 2, Decimal("2.4"), 3, 4, 6, 8, 10):
        if value <= step * power:
            return (step * power).quantize(Decimal(1))
    return 10 * power  # pragma: no cover - the loop always returns


def scale(value, top, length):
    """Where `value` falls on an axis from 0 to `top` drawn `length` units long."""
    if not top:
        return 0.0
    return float(Decimal(value) / Decimal(top)) * length


def shorten(label, limit=MAX_LABEL_CHARS):
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _svg(chart_id, title, description, width, height, body):
    chart_id = escape(chart_id)
    return mark_safe(
        f'<svg class="chart" id="{chart_id}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {width} {height:.0f}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f"{''.join(body)}</svg>"
    )


@dataclass
class Bar:
    label: str
    value: object  # a number, or None where there is no figure (the row is left out)
    highlight: bool = False


def bar_chart(bars, *, chart_id, title, description, value_format=usd):
    """Horizontal bars, one row per `Bar` with a value, in the order given; "" when none has a value."""
    bars = [bar for bar in bars if bar.value is not None]
    if not bars:
        return ""
    top = nice_ceiling(max(bar.value for bar in bars))
    length = WIDTH - LABEL_WIDTH - VALUE_ROOM
    # scale(), with the axis's top as a Decimal once rather than once per bar (a state chart draws 54).
    top_decimal = Decimal(top)
    top_whole = int(top_decimal) if top_decimal == top_decimal.to_integral_value() else None
    body = []
    for index, bar in enumerate(bars):
        y = 4 + index * ROW_HEIGHT
        if not top:
            size = 0.0
        elif type(bar.value) is int and top_whole is not None:
            size = bar.value / top_whole * length  # a whole number of dollars: no Decimal needed
        else:
            size = float(Decimal(bar.value) / top_decimal) * length
        css = "chart-bar chart-bar-highlight" if bar.highlight else "chart-bar"
        short = shorten(bar.label)
        # Plain text escaped: the chart is marked safe as a whole (_svg).
        label = html_escape(short)
        # A shortened label keeps its full text as the row's tooltip; the table beside the chart has it too.
        full = f"<title>{html_escape(bar.label)}</title>" if short != bar.label else ""
        # usd() writes "$", digits and commas, which escaping leaves as they are.
        shown = value_format(bar.value)
        if value_format is not usd:
            shown = escape(shown)
        body.append(
            f'<g class="chart-row">{full}'
            f'<text class="chart-label" x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 3}" text-anchor="end">{label}</text>'
            f'<rect class="{css}" x="{LABEL_WIDTH}" y="{y}" width="{size:.1f}" height="{BAR_HEIGHT}"/>'
            f'<text class="chart-value" x="{LABEL_WIDTH + size + 4:.1f}" y="{y + BAR_HEIGHT - 3}">'
            f"{shown}</text></g>"
        )
    height = 8 + len(bars) * ROW_HEIGHT
    body.append(f'<line class="chart-axis" x1="{LABEL_WIDTH}" y1="0" x2="{LABEL_WIDTH}" y2="{height - 4}"/>')
    return _svg(chart_id, title, description, WIDTH, height, body)


@dataclass
class Point:
    when: datetime.date
    label: str  # e.g. "May 2014", written under the point
    value: object  # None leaves the point out
    group: str = ""  # points in different groups (e.g. SOC codes) are joined by a dashed line


LINE_HEIGHT = 230
MARGIN = {"left": 74, "right": 48, "top": 26, "bottom": 40}
TICKS = 4


def line_chart(points, *, chart_id, title, description, value_format=usd):
    """Values over time on a zero-based axis; "" when no point has a value.

    A segment between points of different `group`s is dashed: the figures were defined differently
    (for wages, published under another SOC code), and the legend says so.
    """
    points = sorted((p for p in points if p.value is not None), key=lambda p: p.when)
    if not points:
        return ""
    top = nice_ceiling(max(p.value for p in points))
    plot_width = WIDTH - MARGIN["left"] - MARGIN["right"]
    plot_height = LINE_HEIGHT - MARGIN["top"] - MARGIN["bottom"]
    first, last = points[0].when.toordinal(), points[-1].when.toordinal()

    def x(point):
        if first == last:
            return MARGIN["left"] + plot_width / 2
        return MARGIN["left"] + (point.when.toordinal() - first) / (last - first) * plot_width

    def y(value):
        return MARGIN["top"] + plot_height - scale(value, top, plot_height)

    body = []
    for tick in range(TICKS + 1):
        value = top * tick / TICKS
        ty = y(value)
        body.append(
            f'<line class="chart-grid" x1="{MARGIN["left"]}" y1="{ty:.1f}" x2="{WIDTH - MARGIN["right"]}" '
            f'y2="{ty:.1f}"/>'
            f'<text class="chart-tick" x="{MARGIN["left"] - 6}" y="{ty + 4:.1f}" text-anchor="end">'
            f"{escape(value_format(value))}</text>"
        )
    for before, after in zip(points, points[1:], strict=False):
        css = "chart-line" if before.group == after.group else "chart-line chart-line-changed"
        body.append(
            f'<line class="{css}" x1="{x(before):.1f}" y1="{y(before.value):.1f}" '
            f'x2="{x(after):.1f}" y2="{y(after.value):.1f}"/>'
        )
    for point in points:
        px, py = x(point), y(point.value)
        body.append(
            f'<circle class="chart-point" cx="{px:.1f}" cy="{py:.1f}" r="4"/>'
            f'<text class="chart-value" x="{px:.1f}" y="{py - 9:.1f}" text-anchor="middle">'
            f"{escape(value_format(point.value))}</text>"
            f'<text class="chart-label" x="{px:.1f}" y="{LINE_HEIGHT - MARGIN["bottom"] + 18}" '
            f'text-anchor="middle">{escape(point.label)}</text>'
        )
    return _svg(chart_id, title, description, WIDTH, LINE_HEIGHT, body)
