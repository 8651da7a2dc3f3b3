"""One chart renderer: server-drawn SVG in pages and PDFs, one palette, a tooltip and the
keyboard focus on every value, charts that scale with the page, no chart library."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from dashboards.charts.chart import PHONE_WIDTH
from dashboards.charts.style import DASHES, PALETTE, dash, series_style
from tests.dashboards.mlops_scale import charts
from tests.dashboards.test_dashboards import submit

NS = "{http://www.w3.org/2000/svg}"
LABELS = ["Data", "Models", "Release", "Serving", "Integration"]
# Eight series: every colour of the palette once, past the fourth (where Chart.js differed).
SERIES = [(f"Series {n}", [(n + i) % 5 for i in range(5)]) for n in range(8)]
MARKS = ("point", "bar", "segment", "cell")


def classes(element):
    return (element.get("class") or "").split()


def by_class(root, name):
    return [el for el in root.iter() if name in classes(el)]


def draw(kind, fluid=False):
    if kind == "radar":
        return charts.radar(LABELS, SERIES, title="Radar", fluid=fluid)
    if kind == "bars":
        return charts.bars(LABELS, SERIES, title="Bars", fluid=fluid)
    if kind == "stacked":
        return charts.stacked_bars(
            LABELS, [(n, [v + 1 for v in vs]) for n, vs in SERIES], title="S", fluid=fluid
        )
    if kind == "trend":
        return charts.trend(LABELS, SERIES, title="Trend", fluid=fluid)
    values = [[1, None, 2.5, 3, 4], [0, 1, 2, None, 4]]
    return charts.heatmap(["Team A", "Team B"], LABELS, values, title="Heat", fluid=fluid)


KINDS = ("radar", "bars", "stacked", "trend", "heatmap")


@pytest.mark.parametrize("kind", KINDS)
def test_every_value_has_a_title_and_takes_the_focus(kind):
    root = ET.fromstring(str(draw(kind)))
    parents = {child: parent for parent in root.iter() for child in parent}
    marks = [el for name in MARKS for el in by_class(root, name)]
    assert marks
    for mark in marks:
        tip = mark.find(f"{NS}title")
        assert tip is not None and re.search(r": (\d+(\.\d)?|—)", tip.text), tip
        group = parents[mark]
        assert "datum" in classes(group)
        assert group.get("tabindex") == "0"
        assert group.get("aria-label") == tip.text
    # Focusable points inside a role="img" would be hidden from screen readers.
    assert root.get("role") == "group"
    assert len(by_class(root, "datum")) >= len(marks)


def test_missing_bars_say_so_on_focus():
    root = ET.fromstring(str(charts.bars(["a"], [("s", [None])], title="x")))
    (group,) = by_class(root, "datum")
    assert group.get("aria-label") == "s – a: —"


def series_strokes(root):
    """(stroke, dash) of the line of each series group of a radar or trend."""
    result = []
    for group in by_class(root, "series"):
        shape = next(el for el in group if el.tag in (f"{NS}polygon", f"{NS}path"))
        result.append((shape.get("stroke"), shape.get("stroke-dasharray") or ""))
    return result


def legend_keys(root):
    return [el.get("fill") for el in by_class(root, "key")]


def test_one_palette_for_every_chart_kind():
    expected = [(series_style(n).colour, series_style(n).dash) for n in range(len(SERIES))]
    assert [colour for colour, _ in expected] == list(PALETTE)
    assert expected[3] == ("#d55e00", DASHES[3])  # the fourth series: vermillion, dash-dot

    for kind in ("radar", "trend"):
        root = ET.fromstring(str(draw(kind)))
        assert series_strokes(root) == expected
        points = [[p.get("fill") for p in by_class(g, "point")] for g in by_class(root, "series")]
        assert [set(fills) for fills in points] == [{colour} for colour, _ in expected]
        legend = [line for line in root.iter(f"{NS}line") if line.get("stroke-width") == "2"]
        assert [(el.get("stroke"), el.get("stroke-dasharray") or "") for el in legend] == expected

    for kind, mark in (("bars", "bar"), ("stacked", "segment")):
        root = ET.fromstring(str(draw(kind)))
        fills = [el.get("fill") for el in by_class(root, mark)]
        assert fills[: len(SERIES)] == list(PALETTE)
        assert legend_keys(root) == list(PALETTE)


@pytest.mark.parametrize("kind", ["radar", "bars", "stacked", "trend"])
def test_page_and_pdf_draw_a_series_alike(kind):
    """The page's chart (Chart.svg) and the PDF's (the functions) differ only in their size."""
    chart = charts.Chart(kind, "T", LABELS, SERIES)
    functions = {
        "radar": charts.radar,
        "bars": charts.bars,
        "stacked": charts.stacked_bars,
        "trend": charts.trend,
    }
    # The page's stacked bars are drawn for a phone's width (they stay legible there).
    width = {"width": PHONE_WIDTH} if kind == "stacked" else {}
    pdf = str(functions[kind](LABELS, SERIES, title="T", **width))
    page = str(chart.svg)
    size = re.compile(r' width="\d+" height="\d+"| width="100%"')
    assert size.sub("", page) == size.sub("", pdf)


@pytest.mark.parametrize("kind", KINDS)
def test_pages_scale_pdfs_keep_their_size(kind):
    page = ET.fromstring(str(draw(kind, fluid=True)))
    assert page.get("width") == "100%" and page.get("height") is None
    assert re.fullmatch(r"0 0 \d+ \d+", page.get("viewBox"))
    pdf = ET.fromstring(str(draw(kind)))
    assert pdf.get("viewBox") == f"0 0 {pdf.get('width')} {pdf.get('height')}"
    assert 200 <= int(pdf.get("width")) <= 700  # fits an A4 page's text width (≈ 670 px)


def test_dash_patterns_wrap_like_the_palette():
    assert dash(len(DASHES)) == dash(0) == ""
    assert all(dash(n) for n in range(1, len(DASHES)))


# The pages


@pytest.fixture
def results(team, other_team, model_in_use, member, manager, organisation):
    from accounts.models import Membership

    Membership.objects.get(user=member, organisation=organisation).teams.add(other_team)
    submit(team, model_in_use, member, manager, "2026 Q1", date(2026, 3, 31), level=1)
    submit(team, model_in_use, member, manager, "2026 Q2", date(2026, 6, 30), level=2, people=1)
    submit(other_team, model_in_use, member, manager, "2026 Q2", date(2026, 6, 30), level=3)


def pages(organisation, team, other_team):
    return {
        "organisation": (reverse("organisation", args=[organisation.slug]), {}),
        "team": (reverse("dashboards:team", args=[organisation.slug, team.slug]), {}),
        "compare": (
            reverse("dashboards:compare", args=[organisation.slug]),
            {"teams": [team.slug, other_team.slug]},
        ),
    }


CHART_LIBRARY = re.compile(r"chart\.js|chartjs|chart\.umd|charts\.js|<canvas", re.IGNORECASE)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["organisation", "team", "compare"])
def test_dashboards_show_inline_svg_and_no_chart_library(
    client_for, manager, organisation, team, other_team, results, name
):
    url, params = pages(organisation, team, other_team)[name]
    response = client_for(manager).get(url, params)
    assert response.status_code == 200
    html = response.content.decode()

    assert not CHART_LIBRARY.search(html)
    assert 'type="application/json"' not in html  # no data island for a script
    figures = re.findall(r'<figure class="chart[^"]*">(.*?)</figure>', html, re.DOTALL)
    assert figures
    for figure in figures:
        svg = ET.fromstring(figure.strip())
        assert svg.tag == f"{NS}svg"
        assert svg.get("width") == "100%" and svg.get("height") is None
        assert svg.get("viewBox")
        assert "style" not in svg.attrib and " style=" not in figure  # the CSP forbids them
        marks = [el for name in MARKS for el in by_class(svg, name)]
        assert marks and all(mark.find(f"{NS}title") is not None for mark in marks)
    assert "<table" in html  # the numbers beside the charts


def test_no_chart_library_is_vendored_or_installed():
    root = settings.BASE_DIR
    vendored = [path for path in (root / "static" / "vendor").rglob("*") if path.is_file()]
    assert vendored  # Bootstrap stays
    for path in vendored:
        assert "chart" not in str(path.relative_to(root)).lower()
        if path.suffix == ".js":
            assert "Chart.js" not in path.read_text(errors="ignore")
    assert not (root / "static" / "js" / "charts.js").exists()
    package = json.loads((root / "package.json").read_text())
    assert set(package["dependencies"]) == {"axe-core", "bootstrap"}
    lock = json.loads((root / "package-lock.json").read_text())
    assert not [name for name in lock["packages"] if "chart" in name]
    assert "chart" not in (root / "scripts" / "vendor.js").read_text().lower()
