"""Server-side SVG charts: well-formed, accessible, escaped, deterministic and complete."""

import math
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils.safestring import SafeString

from dashboards.charts.style import PALETTE
from dashboards.charts.text import MISSING, coordinate, one
from tests.dashboards.mlops_scale import charts

NS = "{http://www.w3.org/2000/svg}"
TRICKY = 'R&D <Team> "x"'
UMLAUT = "Qualität & Größe"

AREAS = ["Data", "Models", TRICKY, "Serving", UMLAUT]
LEVELS = ["0 · Manual", "1 · Repeatable", "2 · Automated Training", "3 · CD", "4 · Full"]


def parse(svg):
    assert isinstance(svg, SafeString)
    text = str(svg)
    assert text.startswith("<svg") and text.endswith("</svg>")
    assert text.count("<svg") == 1
    return ET.fromstring(text)


def by_class(root, name):
    return [el for el in root.iter() if name in (el.get("class") or "").split()]


def shown_texts(root):
    """The visible text of every <text> (lines of <tspan>s joined by a space)."""
    result = []
    for element in root.iter(f"{NS}text"):
        parts = [element.text or ""]
        parts += [child.text or "" for child in element if child.tag == f"{NS}tspan"]
        result.append(" ".join(part.strip() for part in parts if part.strip()))
    return result


def luminance(colour):
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def sample_radar(**kwargs):
    series = [("Latest", [1.5, 2.25, 3, None, 4]), ("Target", [3, 3, 3, 3, 3])]
    return charts.radar(AREAS, series, title="Areas & targets", **kwargs)


def sample_bars(**kwargs):
    series = [("Latest", [1.5, 2.25, None, 0, 4]), ("Target", [3, 3, 3, 3, 3])]
    return charts.bars(AREAS, series, tick_labels=LEVELS, title="Dimensions", **kwargs)


def sample_stacked(**kwargs):
    series = [(f"Level {n}", [n, 2, None, 0, 5]) for n in range(5)]
    return charts.stacked_bars(AREAS, series, title="Teams per level", **kwargs)


def sample_trend(**kwargs):
    labels = ["2025 Q1", "2025 Q2", TRICKY, "2025 Q4", UMLAUT]
    series = [("Overall", [1, 1.5, None, 2.5, 3]), ("Data", [0.5, 1, 1.5, 2, None])]
    bands = [(0.5, 1.5), (1, 2), None, (2, 3), (2.5, 3.5)]
    return charts.trend(labels, series, title="Over time", bands=bands, **kwargs)


def sample_heatmap(**kwargs):
    values = [[0, 1, 2, 3, 4], [None, 1.25, 2.5, None, 3.75]]
    return charts.heatmap([TRICKY, UMLAUT], AREAS, values, title="Teams × areas", **kwargs)


SAMPLES = {
    "radar": sample_radar,
    "bars": sample_bars,
    "stacked": sample_stacked,
    "trend": sample_trend,
    "heatmap": sample_heatmap,
}
TITLES = {
    "radar": "Areas & targets",
    "bars": "Dimensions",
    "stacked": "Teams per level",
    "trend": "Over time",
    "heatmap": "Teams × areas",
}

EMPTY_CALLS = {
    "radar": lambda labels, series, **kw: charts.radar(labels, series, title="T", **kw),
    "bars": lambda labels, series, **kw: charts.bars(labels, series, title="T", **kw),
    "stacked": lambda labels, series, **kw: charts.stacked_bars(labels, series, title="T", **kw),
    "trend": lambda labels, series, **kw: charts.trend(labels, series, title="T", **kw),
    "heatmap": lambda labels, series, **kw: charts.heatmap(
        labels, [name for name, _ in series], [[1] * len(series)] * len(labels), title="T", **kw
    ),
}


# Every chart


def test_palette_has_at_least_six_distinct_colours_and_wraps():
    colours = [charts.palette(index) for index in range(6)]
    assert len(set(colours)) == 6
    assert all(re.fullmatch(r"#[0-9a-f]{6}", colour) for colour in colours)
    assert charts.palette(len(PALETTE)) == charts.palette(0)


@pytest.mark.parametrize("kind", SAMPLES)
def test_chart_is_self_contained_accessible_svg(kind):
    svg = SAMPLES[kind]()
    root = parse(svg)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "group"  # its points are focusable: not role="img"
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert width > 0 and height > 0
    assert "DejaVu Sans" in root.get("font-family")
    title = root.find(f"{NS}title")
    assert title.text == TITLES[kind]
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == root.find(f"{NS}desc").get("id")
    for forbidden in ("<script", "<style", "href", "url(", "<image", "<foreignObject"):
        assert forbidden not in str(svg)


@pytest.mark.parametrize("kind", SAMPLES)
def test_every_label_round_trips_escaped(kind):
    svg = SAMPLES[kind]()
    assert TRICKY not in str(svg)  # escaped in the markup …
    texts = shown_texts(parse(svg))
    assert TRICKY in texts  # … and the original string once parsed
    assert UMLAUT in texts


@pytest.mark.parametrize("kind", SAMPLES)
def test_output_is_deterministic(kind):
    assert SAMPLES[kind]() == SAMPLES[kind]()


@pytest.mark.parametrize("kind", SAMPLES)
def test_numbers_have_at_most_two_decimals(kind):
    assert not re.search(r"\d\.\d{3}", str(SAMPLES[kind]()))


@pytest.mark.parametrize("kind", SAMPLES)
@pytest.mark.parametrize("labels, series", [([], [("A", [])]), (["a", "b"], [])])
def test_empty_input_says_so(kind, labels, series):
    root = parse(EMPTY_CALLS[kind](labels, series, empty="Keine Daten <noch>"))
    assert root.get("role") == "group"
    assert root.find(f"{NS}title").text == "T"
    assert "Keine Daten <noch>" in shown_texts(root)
    assert not by_class(root, "bar") and not by_class(root, "cell")


@pytest.mark.parametrize("kind", SAMPLES)
def test_empty_text_defaults_to_no_data(kind):
    assert "No data" in shown_texts(parse(EMPTY_CALLS[kind]([], [])))


def test_ids_are_unique_per_chart_and_stable():
    first, second = sample_radar(), sample_bars()
    first_id = parse(first).find(f"{NS}title").get("id")
    assert first_id != parse(second).find(f"{NS}title").get("id")
    assert first_id == parse(sample_radar()).find(f"{NS}title").get("id")


def test_lazy_and_odd_values_do_not_crash():
    from django.utils.translation import gettext_lazy

    svg = charts.bars(
        ["a", "b\x00c", "d", "e"],
        [(gettext_lazy("Latest"), [Decimal("2.5"), float("nan"), "x", 99])],
        title=gettext_lazy("Dimensions"),
    )
    root = parse(svg)
    assert "bc" in shown_texts(root)  # control characters are dropped, XML stays valid
    assert len(by_class(root, "bar")) == 2  # NaN and "x" count as missing
    assert "2.5" in shown_texts(root) and "99.0" in shown_texts(root)


# Radar


def test_radar_draws_one_polygon_per_series_and_fills_only_the_first():
    root = parse(sample_radar())
    series = by_class(root, "series")
    assert len(series) == 2
    # The first series misses a value: its outline is broken into segments, not filled.
    assert series[0].find(f"{NS}path").get("fill") == "none"
    target = series[1].find(f"{NS}polygon")
    assert target.get("fill") == "none" and target.get("stroke-dasharray")
    full = parse(charts.radar(AREAS, [("Latest", [1, 2, 3, 4, 2])], title="x"))
    polygon = by_class(full, "series")[0].find(f"{NS}polygon")
    assert polygon.get("fill") == charts.palette(0) and float(polygon.get("fill-opacity")) < 1


def test_radar_rings_and_numbers_up_to_max_value():
    root = parse(charts.radar(AREAS, [("A", [1, 2, 3, 4, 5])], max_value=5, title="x"))
    assert len(by_class(root, "ring")) == 5
    ticks = [el.text for el in by_class(root, "tick")]
    assert ticks == ["0", "1", "2", "3", "4", "5"]


def test_radar_skips_missing_points_and_describes_numbers():
    root = parse(sample_radar())
    assert len(by_class(root, "point")) == 4 + 5
    desc = root.find(f"{NS}desc").text
    assert "Latest: Data 1.5, Models 2.2, " in desc or "Latest: Data 1.5, Models 2.3, " in desc
    assert f"Serving {MISSING}" in desc
    assert "Target: Data 3.0" in desc
    assert "Latest" in shown_texts(root) and "Target" in shown_texts(root)


# Bars


def test_bars_one_bar_per_present_value_with_its_number():
    root = parse(sample_bars())
    assert len(by_class(root, "bar")) == 2 * 5 - 1
    values = [el.text for el in by_class(root, "value")]
    assert values == ["1.5", "3.0", "2.2", "3.0", "3.0", "0.0", "3.0", "4.0", "3.0"]
    assert [el.text for el in by_class(root, "missing")] == [MISSING]
    assert len({bar.get("fill") for bar in by_class(root, "bar")}) == 2


def test_bars_lengths_follow_the_values():
    root = parse(charts.bars(["a", "b"], [("s", [1, 4])], max_value=4, title="x"))
    short, long = (float(bar.get("width")) for bar in by_class(root, "bar"))
    assert long == pytest.approx(4 * short, abs=0.05)


def test_bars_tick_labels_at_the_integers():
    texts = shown_texts(parse(sample_bars()))
    for label in LEVELS:
        assert label in texts
    plain = shown_texts(parse(charts.bars(["a"], [("s", [2])], max_value=3, title="x")))
    assert {"0", "1", "2", "3"} <= set(plain)


# Stacked bars


def test_stacked_bars_segments_totals_and_scale():
    root = parse(sample_stacked())
    # Counts per label: a = 0+1+2+3+4, b = 2 × 5, c missing, d = 0, e = 5 × 5.
    assert len(by_class(root, "segment")) == 4 + 5 + 0 + 0 + 5
    assert [el.text for el in by_class(root, "total")] == ["10", "10", "0", "0", "25"]
    ticks = [int(el.text) for el in by_class(root, "tick")]
    assert ticks[0] == 0 and ticks[-1] >= 25
    assert "Level 4" in shown_texts(root)


def test_stacked_bars_write_counts_only_where_they_fit():
    root = parse(charts.stacked_bars(["a"], [("big", [99]), ("small", [1])], title="x"))
    assert [el.text for el in by_class(root, "value")] == ["99"]
    desc = root.find(f"{NS}desc").text
    assert desc == "a: big 99, small 1."


# Trend


def test_trend_one_line_per_series_with_markers_and_gaps():
    root = parse(sample_trend())
    series = by_class(root, "series")
    assert len(series) == 2
    assert len(by_class(root, "point")) == 4 + 4
    # The missing third value splits the first line into two runs.
    assert series[0].find(f"{NS}path").get("d").count("M") == 2
    assert series[0].find(f"{NS}path").get("stroke-dasharray") is None
    assert series[1].find(f"{NS}path").get("stroke-dasharray")


def test_trend_band_behind_the_first_series():
    root = parse(sample_trend())
    bands = by_class(root, "band")
    assert len(bands) == 2  # broken where the band is missing
    assert all(band.get("fill") == charts.palette(0) for band in bands)
    desc = root.find(f"{NS}desc").text
    assert "2025 Q1 1.0 (0.5–1.5)" in desc


def test_trend_thins_out_many_x_labels():
    labels = [f"{2016 + n // 4} Q{n % 4 + 1}" for n in range(40)]
    root = parse(charts.trend(labels, [("Overall", [n / 10 for n in range(40)])], title="x"))
    shown = [el.text for el in by_class(root, "xlabel")]
    assert 2 <= len(shown) < 20
    assert shown[0] == "2016 Q1"
    assert len(by_class(root, "point")) == 40
    xs = [float(el.get("x")) for el in by_class(root, "xlabel")]
    assert min(b - a for a, b in zip(xs, xs[1:], strict=False)) > 45  # wider than a label
    few = parse(charts.trend(labels[:5], [("Overall", [1, 2, 3, 2, 1])], title="x"))
    assert [el.text for el in by_class(few, "xlabel")] == labels[:5]


def test_trend_single_point_and_all_missing():
    root = parse(charts.trend(["Q1"], [("a", [2]), ("b", [None])], title="x", bands=[(1, 3)]))
    assert len(by_class(root, "series")) == 2
    assert len(by_class(root, "point")) == 1
    assert len(by_class(root, "band")) == 1


# Heat map


def test_heatmap_cells_values_and_missing():
    root = parse(sample_heatmap())
    cells = by_class(root, "cell")
    assert len(cells) == 2 * 5
    assert len(by_class(root, "missing")) == 2
    values = [el.text for el in by_class(root, "cell-value")]
    assert values == ["0.0", "1.0", "2.0", "3.0", "4.0", "—", "1.2", "2.5", "—", "3.8"]


def test_heatmap_darker_for_larger_values_with_contrasting_text():
    root = parse(charts.heatmap(["r"], list("abcde"), [[0, 1, 2, 3, 4]], title="x"))
    fills = [cell.get("fill") for cell in by_class(root, "cell")]
    brightness = [luminance(fill) for fill in fills]
    assert brightness == sorted(brightness, reverse=True) and len(set(fills)) == 5
    text_colours = [el.get("fill") for el in by_class(root, "cell-value")]
    assert text_colours[0] != "#ffffff" and text_colours[-1] == "#ffffff"
    assert charts.heat_colour(10) == charts.heat_colour(4)  # clamped to the scale


def test_heatmap_turns_long_column_labels_only():
    short = parse(charts.heatmap(["r"], ["Q1", "Q2"], [[1, 2]], title="x"))
    assert not [el for el in by_class(short, "column-label") if el.get("transform")]
    long = parse(charts.heatmap(["r"], ["Automation of the pipeline", "Q2"], [[1, 2]], title="x"))
    assert all("rotate" in el.get("transform") for el in by_class(long, "column-label"))
    width = float(long.get("width"))
    assert width > 44 * 2 + 60  # room for the turned label


def test_heatmap_short_rows_are_padded_with_missing():
    root = parse(charts.heatmap(["a", "b"], ["x", "y"], [[1]], title="t"))
    assert len(by_class(root, "cell")) == 4
    assert len(by_class(root, "missing")) == 3


def test_helpers_format_numbers():
    assert coordinate(1.0) == "1"
    assert coordinate(1.234) == "1.23"
    assert coordinate(-0.001) == "0"
    assert one(-0.01) == "0.0"
    assert math.isclose(float(coordinate(2 / 3)), 0.67)
