"""Chart labels are wrapped onto <tspan> lines, never cut with "…", for long German area names
("Anwendungsintegration", "Prozesse/Strukturen") in every chart kind; the full text stays in a
<title> only when a label had to be shortened (more text than three lines)."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from dashboards.charts.text import text_width, wrap
from tests.dashboards.mlops_scale import charts

NS = "{http://www.w3.org/2000/svg}"
GERMAN = [
    "Anwendungsintegration",
    "Prozesse/Strukturen",
    "Datenqualität und Datenverantwortung",
    "Modellüberwachung",
    "Sicherheit",
]
ENGLISH = ["Processes/structures", "Application integration", "Data", "Models", "Monitoring"]


def label_texts(svg, cls):
    """The visible lines of each <text> of class `cls` (tspans joined without the <title>)."""
    root = ET.fromstring(str(svg))
    found = []
    for text in root.iter(f"{NS}text"):
        if text.get("class") != cls:
            continue
        spans = text.findall(f"{NS}tspan")
        lines = [span.text for span in spans] if spans else [text.text]
        found.append(lines)
    return found


def joined(lines):
    """A wrapped label read back: lines ending in "-" (syllable break) or "/" join directly."""
    text = ""
    for line in lines:
        if text and not text.endswith(("/", "-")):
            text += " "
        text = text[:-1] if text.endswith("-") and not line[:1].isupper() else text
        text += line
    return text


@pytest.mark.parametrize(
    "word", ["Anwendungsintegration", "Processes/structures", "Datenqualitätsmanagement"]
)
def test_wrap_breaks_long_words_instead_of_cutting(word):
    with translation.override("de"):
        lines, shortened = wrap(word, 80, 11, 3)
    assert not shortened
    assert len(lines) >= 2
    assert all("…" not in line for line in lines)
    assert all(text_width(line, 11) <= 80 for line in lines)
    assert joined(lines).replace("-", "") == word.replace("-", "")


def test_wrap_keeps_short_text_on_one_line_and_cuts_only_beyond_the_lines():
    assert wrap("Daten", 80, 11, 2) == (["Daten"], False)
    lines, shortened = wrap("Sehr " * 40, 80, 11, 2)
    assert shortened and len(lines) == 2 and lines[-1].endswith("…")


def test_wrap_breaks_at_the_slash_first():
    lines, _ = wrap("Processes/structures", 100, 11, 3)
    assert lines == ["Processes/", "structures"]


@pytest.mark.parametrize("labels", [GERMAN, ENGLISH])
def test_radar_labels_are_wrapped_not_cut(labels):
    with translation.override("de"):
        svg = charts.radar(labels, [("Team", [1, 2, 3, 2, 1])], title="Reife", size=280)
    lines = label_texts(svg, "label")
    assert len(lines) == len(labels)
    assert not any("…" in line for label in lines for line in label)
    assert [joined(label).replace("-", "") for label in lines] == [
        text.replace("-", "") for text in labels
    ]


@pytest.mark.parametrize("labels", [GERMAN, ENGLISH])
def test_bar_labels_are_wrapped_not_cut(labels):
    with translation.override("de"):
        svg = charts.bars(labels, [("Team", [1, 2, 3, 2, 1])], title="Stufen", width=360)
    lines = label_texts(svg, "label")
    assert len(lines) == len(labels)
    assert not any("…" in line for label in lines for line in label)
    assert any(len(label) > 1 for label in lines)


def test_heatmap_turned_column_labels_are_wrapped_not_cut():
    with translation.override("de"):
        svg = charts.heatmap(
            ["Betrugserkennung ML", "Kundenservice"],
            GERMAN,
            [[1, 2, 3, 4, 0], [0, 1, 2, 3, 4]],
            title="Teams × Bereiche",
        )
    columns = label_texts(svg, "column-label")
    assert len(columns) == len(GERMAN)
    assert not any("…" in line for label in columns for line in label)
    assert any(len(label) == 2 for label in columns)
    rows = label_texts(svg, "label")
    assert not any("…" in line for label in rows for line in label)
    # The drawing is as wide as its widest turned label: nothing runs out of the viewBox.
    root = ET.fromstring(str(svg))
    assert float(root.get("width")) >= 2 * 44 * len(GERMAN) / 2
