"""The shipped MLOps model holds the seed, complete, at the right levels and areas."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from maturity.interchange import dumps, export_model
from maturity.models import Characteristic, MaturityModel

# The seed as shared with the project; a copy is kept beside the fixtures so any clone can test.
ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "maturity" / "sources" / "mlops-maturity-model.de.txt"
SHARED_SEED = ROOT.parent / "shared" / "seed" / SEED.name
AREAS = ["people", "model-creation", "model-release", "application-integration"]
# Where each column of a detail table begins (DESIGN.md, "Reading the seed").
COLUMN_STARTS = {
    "model-creation": ("Manuelles Sammeln von Daten", "Datenpipeline sammelt Daten automatisch."),
    "model-release": ("Manueller Vorgang", "Manuelles Release", "Automatisches Release"),
    "application-integration": (
        "Stark abhängig",
        "Für das Modell bestehen",
        "Komponenten- und Integrationstests",
    ),
}
# Two level-4 bullets run two statements together.
RUN_ON = {
    "Skripts/Aufträge Arbeit mit": "Skripts/Aufträge",
    "Anwendungscode Implementieren": "Anwendungscode",
}


def read_seed():
    """(level, area) → German texts; level → (name, title, highlights), read from the seed."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    cells, levels = {}, {}
    overview = lines.index("Ebene BESCHREIBUNG Highlights Technologie")
    level = None
    for line in lines[overview + 1 :]:
        if line.startswith("In den nachstehenden"):
            break
        heading = re.match(r"^(\d) (.+)$", line)
        if heading:
            level = int(heading[1])
            levels[level] = {"name": heading[2], "bullets": []}
        elif line.strip().startswith("•"):
            levels[level]["bullets"].append(line.strip()[1:].strip())
    for number, info in levels.items():
        info["highlights"], technology = info["bullets"][:3], info["bullets"][3:]
        cells[(number, "technology")] = technology
    level = area = None
    for line in lines:
        heading = re.match(r"^Ebene (\d): (.+)$", line)
        if heading:
            level, area = int(heading[1]), "people"
            levels[level]["title"] = heading[2]
        elif level is not None and line.strip().startswith("•"):
            text = line.strip()[1:].strip()
            following = AREAS[AREAS.index(area) + 1 :]
            if following and text.startswith(COLUMN_STARTS[following[0]]):
                area = following[0]
            parts = [text]
            for joint, end in RUN_ON.items():
                if joint in text:
                    cut = text.index(end) + len(end)
                    parts = [text[:cut], text[cut:].strip()]
            cells.setdefault((level, area), []).extend(parts)
    return cells, levels


def fixture_cells(data):
    cells = {}
    for item in data["characteristics"]:
        cells.setdefault((item["level"], item["area"]), []).append(item["text"]["de"])
    return cells


def test_every_seed_bullet_is_a_characteristic_at_its_level_and_area(seed_data):
    seed_cells, _levels = read_seed()

    assert fixture_cells(seed_data) == seed_cells
    assert sum(len(texts) for texts in seed_cells.values()) == 82
    assert set(seed_cells) == {(n, a) for n in range(5) for a in [*AREAS, "technology"]}


def test_run_on_bullets_are_split(seed_data):
    texts = [item["text"]["de"] for item in seed_data["characteristics"]]

    assert (
        "Arbeit mit Softwaretechnikern zum Identifizieren von Markern für Datentechniker" in texts
    )
    assert "Implementieren einer Metrikerfassung nach der Bereitstellung" in texts
    assert not any("Skripts/Aufträge Arbeit" in text for text in texts)


def test_levels_have_overview_name_detail_title_and_highlights(seed_data):
    _cells, seed_levels = read_seed()

    for level in seed_data["levels"]:
        seed = seed_levels[level["number"]]
        assert level["name"]["de"] == seed["name"]
        assert level["title"]["de"] == seed["title"]
        assert [h["de"] for h in level["highlights"]] == seed["highlights"]
    level_4 = seed_data["levels"][4]
    assert level_4["name"]["de"] == "Automatisierte Vorgänge mit vollständigen MLOps"
    assert level_4["title"]["de"] == "Automatisiertes erneutes Training mit vollständigen MLOps"


def test_areas_sit_in_the_three_dimensions(seed_data):
    assert [(a["key"], a["dimension"]) for a in seed_data["areas"]] == [
        ("people", "people"),
        ("model-creation", "process"),
        ("model-release", "process"),
        ("application-integration", "process"),
        ("technology", "technology"),
    ]
    assert [d["name"]["de"] for d in seed_data["dimensions"]] == [
        "Personen/Kulturen",
        "Prozesse/Strukturen",
        "Objekte/Technologien",
    ]


def test_description_is_the_seeds_introduction(seed_data):
    seed = SEED.read_text(encoding="utf-8")
    description = seed_data["description"]["de"]

    for use in (
        "Schätzen des Arbeitsumfangs für Neueinsätze",
        "Etablieren realistischer Erfolgskriterien",
        "Identifizieren von Ergebnissen, die am Ende des Einsatzes übergeben werden",
    ):
        assert f"- {use}" in description
    for paragraph in description.split("\n\n"):
        for line in paragraph.splitlines():
            assert line.removeprefix("- ") in seed


def all_texts(data, path="$"):
    """Every {"de", "en"} object in the document, with its path."""
    if isinstance(data, dict):
        if set(data) == {"de", "en"}:
            yield path, data
            return
        for key, value in data.items():
            yield from all_texts(value, f"{path}.{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from all_texts(value, f"{path}[{i}]")


def test_every_text_is_in_german_and_english(seed_data):
    texts = list(all_texts(seed_data))

    assert len(texts) > 100
    for path, text in texts:
        if path.endswith(".description") and path.startswith("$.levels"):
            assert text == {"de": "", "en": ""}, path  # the seed has no level descriptions
            continue
        assert text["de"].strip() and text["en"].strip(), path
        assert text["en"] != text["de"] or path.startswith("$.dimensions"), path


def test_same_german_statement_has_the_same_english(seed_data):
    english = {}
    for item in seed_data["characteristics"]:
        english.setdefault(item["text"]["de"], set()).add(item["text"]["en"])

    assert {de: en for de, en in english.items() if len(en) > 1} == {}


@pytest.mark.django_db
def test_load_models_loads_the_seed_published_and_global_and_is_idempotent():
    call_command("load_models", verbosity=0)
    call_command("load_models", verbosity=0)

    model = MaturityModel.objects.get(slug="mlops")
    assert (model.slug, model.version, model.status, model.organisation) == (
        "mlops",
        "1",
        "published",
        None,
    )
    assert Characteristic.objects.filter(model=model).count() == 82
    assert model.levels.count() == 5


@pytest.mark.django_db
def test_export_prints_the_fixture_unchanged(mlops, seed_data, capsys):
    call_command("export_model", "mlops")

    assert capsys.readouterr().out == dumps(seed_data)
    assert export_model(mlops) == seed_data


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="no shared/ folder beside this checkout")
def test_kept_copy_of_the_seed_is_the_shared_one():
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()
