"""Server-drawn SVG charts (mrblogg/charts.py): escaped, accessible, sound on odd data."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from mrblogg import charts
from mrblogg.charts import Series

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script>'


def bars(**kw):
    args = dict(chart_id="c1", title="Titel", description="Beskrivning",
                categories=["jan", "feb"], series=[Series("A", [1, 2]), Series("B", [3, 4])],
                x_label="Månad", y_label="Antal")
    args.update(kw)
    return charts.bar_chart(**args)


def line(**kw):
    args = dict(chart_id="l1", title="Linje", description="En linje",
                categories=["v1", "v2", "v3"], series=[Series("Median", [1.5, None, 3])],
                x_label="Vecka", y_label="Timmar")
    args.update(kw)
    return charts.line_chart(**args)


def parse(svg):
    return ET.fromstring(str(svg))  # well-formed XML, or this raises


def texts(root):
    return ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("draw", [bars, line])
def test_accessible_name_description_and_scaling(draw):
    root = parse(draw())
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}desc").get("id") == desc_id
    assert root.get("viewBox").startswith("0 0 720 ")
    assert root.get("width") == "100%" and root.get("height") is None


@pytest.mark.parametrize("draw", [bars, line])
def test_axis_labels_are_text(draw):
    found = texts(parse(draw()))
    assert {"Antal", "Månad"} <= set(found) or {"Timmar", "Vecka"} <= set(found)


@pytest.mark.parametrize("draw", [bars, line])
def test_no_inline_style_nor_script(draw):
    # The public CSP forbids inline styles and scripts (mrblogg/settings/base.py).
    svg = str(draw(title=HOSTILE, description=HOSTILE, x_label=HOSTILE, y_label=HOSTILE,
                   categories=[HOSTILE] * 3, series=[Series(HOSTILE, [1, 2, 3])]))
    assert "style=" not in svg
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    parse(svg)


@pytest.mark.parametrize("label", ["Årets ärenden: åäö ÅÄÖ", "تعليقات مرفوضة", "Ünïcödé ✓ 中文"])
def test_swedish_and_non_latin_labels_kept(label):
    root = parse(bars(title=label, categories=[label, "b"], series=[Series(label, [1, 2])]))
    assert root.find(f"{SVG}title").text == label
    assert texts(root).count(label) == 2  # the category under its bar, and the legend


def test_attribute_breaking_label_and_id_are_escaped():
    svg = str(bars(chart_id='x" onload="alert(1)', series=[Series('"><g onload="x', [1, 2])]))
    root = parse(svg)
    assert root.get("onload") is None
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*-title [A-Za-z][A-Za-z0-9_-]*-desc",
                        root.get("aria-labelledby"))
    assert not any(el.get("onload") for el in root.iter())


@pytest.mark.parametrize("draw", [bars, line])
def test_empty_data_says_so(draw):
    with translation.override("sv"):
        root = parse(draw(categories=[], series=[]))
    assert "Inga uppgifter" in texts(root)


def test_all_zero_says_no_data_and_draws_no_bar():
    with translation.override("sv"):
        root = parse(bars(series=[Series("A", [0, 0])]))
    assert "Inga uppgifter" in texts(root)
    marks = [r for r in root.iter(f"{SVG}rect") if r.get("fill", "").startswith("url(")]
    assert all(float(r.get("height")) == 0 for r in marks if r.get("width") != "18")


def test_one_value():
    root = parse(bars(categories=["ensam"], series=[Series("A", [7])]))
    assert "7" in texts(root) and "ensam" in texts(root)
    assert "Inga uppgifter" not in texts(root)


def plotted_bars(root):
    return [r for r in root.iter(f"{SVG}rect")
            if r.get("fill", "").startswith("url(") and r.get("width") != "18"]


def test_large_values_stay_in_the_plot_and_are_grouped():
    with translation.override("sv"):
        root = parse(bars(series=[Series("A", [10**12, 3])]))
    for rect in plotted_bars(root):
        assert float(rect.get("y")) >= charts.TOP - 0.1
        assert float(rect.get("y")) + float(rect.get("height")) <= charts.TOP + charts.PLOT_HEIGHT + 0.1
    assert any("\xa0000\xa0000" in t or "000 000" in t for t in texts(root))


def test_stacked_bars_sum_and_label_total():
    root = parse(bars(stacked=True))
    found = texts(root)
    assert "4" in found and "6" in found  # 1+3, 2+4 above the stacks
    heights = sorted(float(r.get("height")) for r in plotted_bars(root))
    assert len(heights) == 4


def test_series_told_apart_by_pattern_not_colour_alone():
    # The dashboard shows seven series: approvals, spam and five rules.
    root = parse(bars(series=[Series(str(n), [n, n]) for n in range(1, 9)]))
    patterns = root.findall(f"{SVG}defs/{SVG}pattern")
    assert len(patterns) == 8
    contents = {ET.tostring(p).decode().split(">", 1)[1].replace(p.get("id"), "") for p in patterns}
    # Each pattern differs in more than its colour: strip the colours and compare.
    shapes = {re.sub(r'fill="#[0-9a-f]{6}"', "", c) for c in contents}
    assert len(shapes) == 8


def relative_luminance(hex_colour):
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("colour", charts.COLOURS + (charts.TEXT, charts.GRID))
def test_contrast_against_white(colour):
    ratio = 1.05 / (relative_luminance(colour) + 0.05)
    assert ratio >= 4.5


def test_line_has_a_gap_where_there_is_no_value():
    root = parse(line(series=[Series("Median", [1, None, 3, 4])], categories=["a", "b", "c", "d"]))
    polylines = root.findall(f".//{SVG}polyline")
    assert len(polylines) == 1 and len(polylines[0].get("points").split()) == 2
    assert len(root.findall(f".//{SVG}circle")) == 3 + 1  # three points and the legend's marker


def test_lines_differ_by_dash_and_marker():
    root = parse(line(series=[Series("A", [1, 2, 3]), Series("B", [2, 3, 1])]))
    first, second = root.findall(f".//{SVG}polyline")
    assert first.get("stroke-dasharray") != second.get("stroke-dasharray")


def test_long_legend_name_wraps_inside_the_width():
    long = "Kommentarer får inte vara spam. " * 6
    root = parse(bars(series=[Series(long, [1, 2])]))
    legend = [t for t in root.iter(f"{SVG}text") if t.findall(f"{SVG}tspan")]
    assert legend and all(len(s.text) <= charts.LEGEND_CHARS for s in legend[-1])


def test_nice_ticks():
    assert charts.nice_ticks(0) == [0, 1]
    assert charts.nice_ticks(7) == [0, 2, 4, 6, 8]
    assert charts.nice_ticks(100)[-1] == 100
    assert charts.nice_ticks(0.3) == [0, 1]
