"""Nothing MLOps-specific (issue 21, item 3): the heat map's colours, the dashboard's wording and
the charts derive from the model — 1 to 10 levels, 1 to 12 dimensions, up to 60 areas — and the
MLOps model's scale and names do not come back in the templates and the code."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from dashboards import charts
from dashboards.charts.style import HEAT_STOPS, TEXT, WHITE, heat_step, luminance, text_on
from maturity.limits import MAX_DIMENSIONS, MAX_LEVELS
from tests.any_models import any_model, area_names, assessed_teams, level_names

NS = "{http://www.w3.org/2000/svg}"
ROOT = Path(settings.BASE_DIR)
APP_CSS = ROOT / "static" / "css" / "app.css"


def contrast(one, other):
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def css_heat_classes():
    """{step: (background, text colour or None)} of app.css's .heatmap .heat-N rules."""
    rules = re.findall(r"\.heatmap \.heat-(\d+) \{([^}]*)\}", APP_CSS.read_text())
    classes = {}
    for step, body in rules:
        background = re.search(r"background: (#[0-9a-f]{6})", body).group(1)
        colour = re.search(r"(?<!-)color: (#[0-9a-f]{3,6})", body)
        classes[int(step)] = (background, colour.group(1) if colour else None)
    return classes


# The scale


def test_the_css_classes_are_the_charts_scale_with_contrasting_text():
    classes = css_heat_classes()

    assert sorted(classes) == list(range(len(HEAT_STOPS)))
    assert len(HEAT_STOPS) >= MAX_LEVELS
    for step, colour in enumerate(HEAT_STOPS):
        background, text = classes[step]
        assert background == colour, step
        expected = "#fff" if text_on(colour) == WHITE else None
        assert text == expected, step
        shown = WHITE if text else TEXT
        assert contrast(colour, shown) >= 4.5, (step, colour)
    # Darker step by step.
    brightness = [luminance(colour) for colour in HEAT_STOPS]
    assert brightness == sorted(brightness, reverse=True)


@pytest.mark.parametrize("levels", range(1, MAX_LEVELS + 1))
def test_every_level_of_a_model_has_its_own_colour(levels):
    top = levels - 1
    steps = [heat_step(level, top) for level in range(levels)]
    assert steps == sorted(set(steps)), steps
    assert steps[0] == 0 and steps[-1] == len(HEAT_STOPS) - 1 or levels == 1
    colours = {charts.heat_colour(level, top) for level in range(levels)}
    assert len(colours) == levels


def test_the_svg_heat_map_colours_each_level_of_ten():
    svg = charts.heatmap(
        ["Team"], [str(n) for n in range(10)], [list(range(10))], max_value=9, title="x"
    )
    fills = [
        cell.get("fill")
        for cell in ET.fromstring(svg).iter(f"{NS}rect")
        if cell.get("class") == "cell"
    ]
    assert fills == list(HEAT_STOPS)


# Charts at 1 and 12 dimensions, 1 and 2 areas


def parse(svg):
    return ET.fromstring(str(svg))


def by_class(root, name):
    return [el for el in root.iter() if name in (el.get("class") or "").split()]


@pytest.mark.parametrize("axes", [1, 2])
def test_a_radar_of_fewer_than_three_areas_is_drawn_as_bars(axes):
    labels = [f"Area {n}" for n in range(axes)]
    root = parse(
        charts.radar(
            labels, [("Latest", [1.5] * axes), ("Target", [3] * axes)], max_value=3, title="R"
        )
    )

    assert "chart-bars" in root.get("class")
    assert len(by_class(root, "bar")) == 2 * axes
    assert [el.text for el in by_class(root, "label") if el.text] == labels


def test_a_radar_of_three_areas_stays_a_radar():
    root = parse(charts.radar(["a", "b", "c"], [("Latest", [1, 2, 3])], max_value=3, title="R"))
    assert "chart-radar" in root.get("class")


@pytest.mark.parametrize("dimensions", [1, MAX_DIMENSIONS])
def test_bars_and_stacked_bars_draw_every_dimension(dimensions):
    names = [f"Dimension {n}" for n in range(dimensions)]
    bars = parse(
        charts.bars(
            names, [("Latest", [n % 10 for n in range(dimensions)])], max_value=9, title="B"
        )
    )
    stacked = parse(
        charts.stacked_bars(
            names,
            [(f"Level {level}", [1] * dimensions) for level in range(MAX_LEVELS)],
            title="S",
        )
    )

    assert len(by_class(bars, "label")) == dimensions
    assert len(by_class(stacked, "segment")) == dimensions * MAX_LEVELS
    # Ten levels, ten colours: the palette's eight and two more.
    keys = [el.get("fill") for el in by_class(stacked, "key")]
    assert len(keys) == MAX_LEVELS and len(set(keys)) == MAX_LEVELS
    first_bar = [el.get("fill") for el in by_class(stacked, "segment")][:MAX_LEVELS]
    assert first_bar == keys


# The dashboard


def dashboard(client, organisation):
    return client.get(reverse("organisation", args=[organisation.slug]), HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.django_db
def test_dashboard_of_a_ten_level_fifteen_area_model(organisation, client_for):
    model = any_model(slug="ten-levels", levels=10, areas=15, dimensions=1)
    teams, manager = assessed_teams(organisation, model, ["Alpha", "Beta", "Gamma"])

    response = dashboard(client_for(manager), organisation)

    assert response.status_code == 200
    html = response.content.decode()
    cells = re.findall(r'<td class="text-center heat (heat-[\w]+)">([^<]*)</td>', html)
    assert len(cells) == len(teams) * 15
    # Each level has its class: the level's own step of the ten.
    assert {cls for cls, _ in cells} == {f"heat-{n}" for n in range(10)}
    for cls, shown in cells:
        assert cls == f"heat-{round(float(shown))}", (cls, shown)
    for _de, en in area_names(15):
        assert en in html
    # The scale's words come from the model.
    lowest, highest = level_names(10)[0][1], level_names(10)[-1][1]
    assert f"score 0 “{lowest}” to 9 “{highest}”" in html
    assert "0 to 4" not in html
    # The table scrolls inside its frame; the team column stays (app.css).
    assert re.search(
        r'<div class="table-responsive heatmap-frame"[^>]*>\s*<table class="[^"]*heatmap', html
    )
    sticky = re.search(r"\.heatmap-frame \.heatmap th:first-child \{([^}]*)\}", APP_CSS.read_text())
    assert "position: sticky" in sticky.group(1) and "left: 0" in sticky.group(1)
    assert "background-color" in sticky.group(1)


@pytest.mark.django_db
def test_dashboard_of_a_model_with_twelve_dimensions_and_two_levels(organisation, client_for):
    model = any_model(slug="twelve-dimensions", levels=2, areas=24, dimensions=MAX_DIMENSIONS)
    _teams, manager = assessed_teams(organisation, model, ["Alpha", "Beta"])

    response = dashboard(client_for(manager), organisation)

    html = response.content.decode()
    assert response.status_code == 200
    for n in range(MAX_DIMENSIONS):
        assert f"Dimension {n} en" in html
    classes = set(re.findall(r'<td class="text-center heat (heat-\w+)"', html))
    assert classes == {"heat-0", f"heat-{len(HEAT_STOPS) - 1}"}
    assert "score 0 “Stage 0 name” to 1 “Stage 1 name”" in html


# The MLOps model's wording stays out of the templates and the code


# Where the literals are about the shipped model itself, legitimately.
ALLOWED = {
    "demo/seed.py",  # the demo organisation uses the shipped model
    "maturity/limits.py",  # its docstring compares the limits with the shipped model
    "plans/follow_up.py",  # its docstring: another model's area may also be called "people"
}
SKIPPED_DIRS = {
    "tests",
    "locale",
    "migrations",
    "fixtures",
    "sources",
    "bench",
    "vendor",
    "node_modules",
    ".venv",
}
LITERALS = {
    "the MLOps scale 0 to 4": re.compile(r"\b0 (?:to|bis) 4\b|(?<![\d.,])0[–-]4(?![\d.,])"),
    "five levels in a loop": re.compile(r"range\(5\)"),
    "five levels side by side": re.compile(r"row-cols-\w+-5\b"),
    "the MLOps model by name": re.compile(r"MLOps"),
    "an MLOps dimension": re.compile(
        r"[\"'](?:people|process|technology)[\"']|\b(?:Personen|Prozesse|Technologie)\b"
    ),
}


def scanned_files():
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if set(relative.parts) & SKIPPED_DIRS or relative.parts[0].startswith("."):
            continue
        shown = relative.parts[0] in {"templates", "static"} or path.suffix == ".py"
        if shown and path.suffix in {".py", ".html", ".js", ".txt"} and path.is_file():
            yield relative


def test_no_template_or_code_assumes_the_mlops_model():
    found = []
    files = list(scanned_files())
    for relative in files:
        if str(relative) in ALLOWED:
            continue
        for number, line in enumerate((ROOT / relative).read_text().splitlines(), start=1):
            for what, pattern in LITERALS.items():
                if pattern.search(line):
                    found.append(f"{relative}:{number}: {what}: {line.strip()[:100]}")
    assert any(str(path).startswith("templates/") for path in files)
    assert not found, "\n".join(found)


def test_the_literal_check_finds_what_it_looks_for():
    samples = {
        "the MLOps scale 0 to 4": "(score 0 to 4, darker is further)",
        "five levels in a loop": "for level in range(5):",
        "five levels side by side": '<div class="row row-cols-xl-5">',
        "the MLOps model by name": "such as the MLOps maturity model",
        "an MLOps dimension": 'targets = {"process": 3}',
    }
    for what, sample in samples.items():
        assert LITERALS[what].search(sample), what
    assert not LITERALS["the MLOps scale 0 to 4"].search("2026-04-01 10-40 0.4")


@pytest.mark.parametrize("kind", ["radar", "bars", "trend", "heatmap"])
def test_no_chart_assumes_a_scale(kind):
    """Every chart takes the model's top level: none falls back to the MLOps model's 4."""
    draw = getattr(charts, kind)
    arguments = (["a"], ["b"], [[1]]) if kind == "heatmap" else (["a"], [("s", [1])])
    with pytest.raises(TypeError, match="max_value"):
        draw(*arguments, title="x")
    if kind != "heatmap":
        with pytest.raises(ValueError, match="top level"):
            _ = charts.Chart(kind, "x", ["a"], [("s", [1])]).svg
    with pytest.raises(TypeError, match="max_value"):
        charts.heat_colour(1)
