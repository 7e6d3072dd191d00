"""Charts drawn on the server as accessible SVG: bars (grouped or stacked) and lines.

Any app may use them; the kernel knows nothing of what is counted. A chart is a string of
SVG built here with every label escaped, so a caller may pass what readers wrote. What
makes it accessible, and why:

- `role="img"` with a `<title>` and a `<desc>` named by `aria-labelledby`: a screen reader
  announces the chart as one picture with its summary. The figures themselves belong in a
  table beside it (the caller's job): a table is what assistive technology reads well.
- Not colour alone: each series of bars has its own fill pattern (solid, stripes, dots…;
  eight, then they repeat)
  and each line its own dash and marker, repeated in the legend; bars wide enough carry
  their value as text.
- Contrast: every mark colour reaches at least 4.5:1 against the white ground (3:1 is the
  requirement for graphics), text is near-black.
- No `style=` attribute and no script: public pages forbid inline styles (the CSP,
  mrblogg/settings/base.py), so everything is a presentation attribute (`fill=`, …).
- A `viewBox` and `width="100%"`: the chart scales to the width of its column.
"""

import math
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

TEXT = "#1a1a1a"
GRID = "#767676"  # 4.5:1 on white: the axis and its ticks count as text-like graphics
GROUND = "#ffffff"
# Each at least 4.5:1 against white; told apart by their patterns as well.
COLOURS = ("#1d4f91", "#a4262c", "#2b6b2f", "#6b2c91", "#8a5300", "#3d3d3d", "#005f73",
           "#7a1f5c")
PATTERNS = ("solid", "stripes", "dots", "cross", "horizontal", "vertical", "grid", "backslash")
DASHES = ("", "6 4", "2 3", "10 3 2 3")
MARKERS = ("circle", "square", "triangle", "diamond")

WIDTH = 720
PLOT_HEIGHT = 260
LEFT, RIGHT, TOP = 64, 16, 16
X_LABELS = 44  # room for two-line category labels under the axis
LEGEND_CHARS = 88  # a legend name longer than this wraps
FONT = 'font-family="system-ui, sans-serif"'


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence  # numbers; None where there is no value (lines: a gap)


def _e(value):
    return escape(str(value))


def _id(chart_id):
    """An id that is safe in attributes and in url(#…): letters, digits, - and _."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "-", str(chart_id)) or "chart"
    return cleaned if cleaned[0].isalpha() else f"c{cleaned}"


def _number(value):
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return number_format(value, decimal_pos=1, force_grouping=True)
    return number_format(int(value), force_grouping=True)


def nice_ticks(top, count=5):
    """Round tick values from 0 that reach at least `top` (1, 2 or 5 times a power of ten)."""
    if not top or top <= 0:
        return [0, 1]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if step < 1:
        step = 1
    ticks = [0]
    while ticks[-1] < top:
        ticks.append(ticks[-1] + step)
    return ticks


def _text(x, y, content, anchor="middle", size=12, extra="", line_gap=2):
    lines = str(content).split("\n")
    if len(lines) == 1:
        return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
                f'fill="{TEXT}" {FONT}{extra}>{_e(content)}</text>')
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else size + line_gap}">{_e(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
            f'fill="{TEXT}" {FONT}{extra}>{spans}</text>')


def _pattern(cid, index):
    colour = COLOURS[index % len(COLOURS)]
    kind = PATTERNS[index % len(PATTERNS)]
    marks = {
        "solid": "",
        "stripes": f'<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="{GROUND}" stroke-width="1.5"/>',
        "dots": f'<circle cx="4" cy="4" r="1.6" fill="{GROUND}"/>',
        "cross": f'<path d="M0,0 l8,8 M8,0 l-8,8" stroke="{GROUND}" stroke-width="1.2"/>',
        "horizontal": f'<path d="M0,4 h8" stroke="{GROUND}" stroke-width="1.5"/>',
        "vertical": f'<path d="M4,0 v8" stroke="{GROUND}" stroke-width="1.5"/>',
        "grid": f'<path d="M0,4 h8 M4,0 v8" stroke="{GROUND}" stroke-width="1"/>',
        "backslash": f'<path d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4" stroke="{GROUND}" stroke-width="1.5"/>',
    }[kind]
    return (f'<pattern id="{cid}-p{index}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="{colour}"/>{marks}</pattern>')


def _fill(cid, index):
    return f"url(#{cid}-p{index})"


def _legend(cid, series, top, line=False):
    """Swatches (or line samples) with the series' names, wrapped into rows; a long name
    wraps onto lines of its own. Returns the markup and the y below it."""
    parts, x, y, row_lines = [], LEFT, top, 1
    for index, one in enumerate(series):
        lines = textwrap.wrap(str(one.label), LEGEND_CHARS) or [""]
        width = 34 + 7 * max(len(text) for text in lines)
        if x + width > WIDTH - RIGHT and x > LEFT:
            x, y, row_lines = LEFT, y + 15 * row_lines + 8, 1
        row_lines = max(row_lines, len(lines))
        if line:
            parts.append(_line_sample(index, x, y))
        else:
            colour = COLOURS[index % len(COLOURS)]
            parts.append(f'<rect x="{x}" y="{y - 11}" width="18" height="14" '
                         f'fill="{_fill(cid, index)}" stroke="{colour}"/>')
        parts.append(_text(x + 24, y, "\n".join(lines), anchor="start", line_gap=3))
        x += width
    return "".join(parts), y + 15 * (row_lines - 1) + 16


def _line_sample(index, x, y):
    colour = COLOURS[index % len(COLOURS)]
    dash = DASHES[index % len(DASHES)]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<line x1="{x}" y1="{y - 4}" x2="{x + 18}" y2="{y - 4}" stroke="{colour}" '
            f'stroke-width="2.5"{dash_attr}/>' + _marker(index, x + 9, y - 4))


def _marker(index, x, y):
    colour = COLOURS[index % len(COLOURS)]
    kind = MARKERS[index % len(MARKERS)]
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if kind == "triangle":
        return (f'<path d="M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y + 4:.1f} L{x - 5:.1f},{y + 4:.1f} Z" '
                f'fill="{colour}"/>')
    return (f'<path d="M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y:.1f} L{x:.1f},{y + 5:.1f} '
            f'L{x - 5:.1f},{y:.1f} Z" fill="{colour}"/>')


def _axes(ticks, categories, x_label, y_label):
    """The value axis with its grid, the category labels and both axis titles."""
    bottom = TOP + PLOT_HEIGHT
    parts = []
    for tick in ticks:
        y = bottom - PLOT_HEIGHT * tick / ticks[-1]
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
                     f'stroke="{GRID}" stroke-width="{1 if tick == 0 else 0.5}"/>')
        parts.append(_text(LEFT - 6, y + 4, _number(tick), anchor="end"))
    step = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    for index, category in enumerate(categories):
        parts.append(_text(LEFT + step * (index + 0.5), bottom + 16, category))
    parts.append(_text((LEFT + WIDTH - RIGHT) / 2, bottom + X_LABELS, x_label, size=13))
    middle = TOP + PLOT_HEIGHT / 2
    parts.append(_text(16, middle, y_label, size=13,
                       extra=f' transform="rotate(-90 16 {middle:.1f})"'))
    return "".join(parts), step


def _frame(cid, title, description, body, height, defs=""):
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" role="img" aria-labelledby="{cid}-title {cid}-desc" class="chart">'
        f'<title id="{cid}-title">{_e(title)}</title><desc id="{cid}-desc">{_e(description)}</desc>'
        f'<defs>{defs}</defs><rect width="{WIDTH}" height="{height:.0f}" fill="{GROUND}"/>'
        f"{body}</svg>"
    )


def _empty_note(series):
    if any(v for one in series for v in one.values if v):
        return ""
    return _text((LEFT + WIDTH - RIGHT) / 2, TOP + PLOT_HEIGHT / 2, _("No data"), size=14)


def _top(series, stacked):
    if stacked:
        sums = [sum(v or 0 for v in column) for column in zip(*(s.values for s in series), strict=True)]
        return max(sums, default=0)
    return max((v for s in series for v in s.values if v is not None), default=0)


def _bar(cid, index, x, width, top_y, height, value):
    colour = COLOURS[index % len(COLOURS)]
    rect = (f'<rect x="{x:.1f}" y="{top_y:.1f}" width="{width:.1f}" height="{height:.1f}" '
            f'fill="{_fill(cid, index)}" stroke="{colour}"/>')
    if width >= 16 and value:
        return rect + _text(x + width / 2, top_y - 3, _number(value), size=10)
    return rect


def _bars(cid, series, stacked, ticks, step):
    bottom, scale = TOP + PLOT_HEIGHT, PLOT_HEIGHT / ticks[-1]
    inner = step * 0.8
    width = inner if stacked else inner / max(len(series), 1)
    parts = []
    for column in range(len(series[0].values) if series else 0):
        x0, base = LEFT + step * column + step * 0.1, bottom
        for index, one in enumerate(series):
            value = one.values[column] or 0
            height = value * scale
            if stacked:
                rect = (f'<rect x="{x0:.1f}" y="{base - height:.1f}" width="{width:.1f}" '
                        f'height="{height:.1f}" fill="{_fill(cid, index)}" '
                        f'stroke="{COLOURS[index % len(COLOURS)]}"/>')
                parts.append(rect if value else "")
                base -= height
            else:
                parts.append(_bar(cid, index, x0 + width * index, width, bottom - height,
                                  height, value))
        if stacked and base < bottom:
            total = sum(one.values[column] or 0 for one in series)
            parts.append(_text(x0 + width / 2, base - 3, _number(total), size=10))
    return "".join(parts)


def bar_chart(*, chart_id, title, description, categories, series, x_label, y_label,
              stacked=False):
    """Bars per category, one per series side by side (or stacked), as SVG markup."""
    cid = _id(chart_id)
    series = [s for s in series if len(s.values) == len(categories)]
    ticks = nice_ticks(_top(series, stacked))
    axes, step = _axes(ticks, categories, x_label, y_label)
    legend, height = _legend(cid, series, TOP + PLOT_HEIGHT + X_LABELS + 26)
    body = axes + _bars(cid, series, stacked, ticks, step) + _empty_note(series) + legend
    defs = "".join(_pattern(cid, index) for index in range(len(series)))
    return _frame(cid, title, description, body, height + 8, defs)


def _polylines(series, ticks, step):
    bottom, scale = TOP + PLOT_HEIGHT, PLOT_HEIGHT / ticks[-1]
    parts = []
    for index, one in enumerate(series):
        points = [(LEFT + step * (i + 0.5), bottom - v * scale) if v is not None else None
                  for i, v in enumerate(one.values)]
        run = []
        for point in points + [None]:
            if point is not None:
                run.append(point)
                continue
            if len(run) > 1:
                colour, dash = COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)]
                dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
                coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" '
                             f'stroke-width="2.5"{dash_attr}/>')
            parts.extend(_marker(index, x, y) for x, y in run)
            run = []
    return "".join(parts)


def line_chart(*, chart_id, title, description, categories, series, x_label, y_label):
    """One line per series over the categories (None: no point there), as SVG markup."""
    cid = _id(chart_id)
    series = [s for s in series if len(s.values) == len(categories)]
    ticks = nice_ticks(_top(series, stacked=False))
    axes, step = _axes(ticks, categories, x_label, y_label)
    legend, height = _legend(cid, series, TOP + PLOT_HEIGHT + X_LABELS + 26, line=True)
    body = axes + _polylines(series, ticks, step) + _empty_note(series) + legend
    return _frame(cid, title, description, body, height + 8)
