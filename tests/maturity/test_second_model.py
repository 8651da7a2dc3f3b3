"""The second shipped model, data platform maturity (issue 21, item 5): free to ship, in
German and English, loaded by `load_models`, and used by the demo."""

import json
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.models import Organisation
from assessments.models import Assessment
from maturity.interchange import export_model
from maturity.models import Characteristic, MaturityModel
from maturity.validation import validate

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "maturity" / "fixtures" / "platform-1.json"
MLOPS = ROOT / "maturity" / "fixtures" / "mlops-1.json"


@pytest.fixture
def data():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def translated_texts(data):
    """(path, {language: text}) for every text of the document."""
    yield "$.name", data["name"]
    yield "$.description", data["description"]
    for key in ("dimensions", "areas"):
        for i, item in enumerate(data[key]):
            yield f"$.{key}[{i}].name", item["name"]
    for i, level in enumerate(data["levels"]):
        for key in ("name", "title", "description"):
            yield f"$.levels[{i}].{key}", level[key]
        for j, highlight in enumerate(level["highlights"]):
            yield f"$.levels[{i}].highlights[{j}]", highlight
    for i, item in enumerate(data["characteristics"]):
        yield f"$.characteristics[{i}].text", item["text"]


def test_the_second_model_validates(data):
    assert validate(data) == []


def test_every_text_is_in_german_and_english(data):
    assert data["languages"] == ["de", "en"]
    missing = [
        (path, language)
        for path, text in translated_texts(data)
        for language in ("de", "en")
        if not text.get(language, "").strip()
    ]
    assert missing == []
    # Level descriptions are optional in the format; this model gives them all.
    assert all(level["description"]["de"] for level in data["levels"])


def test_the_source_names_its_authors_and_a_licence_we_may_ship(data):
    licence = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]["text"]
    assert "Written for this project" in data["source"]
    assert f"Licence: {licence}" in data["source"]


def test_the_second_model_differs_from_the_mlops_one_in_shape(data):
    """It proves that nothing is MLOps-specific: other levels, dimensions and areas."""
    mlops = json.loads(MLOPS.read_text(encoding="utf-8"))
    assert [level["number"] for level in data["levels"]] == [0, 1, 2, 3]
    dimensions = {dimension["key"] for dimension in data["dimensions"]}
    assert len(dimensions) == 4
    # Targets are kept per dimension key: the two models must not share one.
    assert dimensions.isdisjoint(dimension["key"] for dimension in mlops["dimensions"])
    per_dimension = Counter(area["dimension"] for area in data["areas"])
    assert set(per_dimension) == dimensions and set(per_dimension.values()) <= {2, 3}


def test_every_level_of_every_area_states_something_new(data):
    cells = {}
    for item in data["characteristics"]:
        cells.setdefault((item["area"], item["level"]), []).append(item["text"]["de"])
    for area in data["areas"]:
        for level in data["levels"]:
            texts = cells.get((area["key"], level["number"]), [])
            below = cells.get((area["key"], level["number"] - 1), [])
            assert 2 <= len(texts) <= 4, (area["key"], level["number"])
            assert set(texts).isdisjoint(below), (area["key"], level["number"])


@pytest.mark.django_db
def test_load_models_loads_it_published_and_global_and_is_idempotent(data):
    call_command("load_models", verbosity=0)
    call_command("load_models", verbosity=0)

    model = MaturityModel.objects.get(slug="platform")
    assert (model.version, model.status, model.organisation) == ("1", "published", None)
    assert MaturityModel.objects.filter(slug="platform").count() == 1
    assert model.levels.count() == 4
    assert Characteristic.objects.filter(model=model).count() == len(data["characteristics"])
    assert export_model(model) == data


@pytest.mark.django_db
def test_the_demo_uses_the_second_model():
    call_command("load_models", verbosity=0)
    call_command("seed_demo", verbosity=0)

    model = MaturityModel.objects.get(slug="platform")
    demo = Organisation.objects.get(slug="demo")
    assert model in demo.models_in_use.all()
    teams = set(
        Assessment.objects.filter(model=model, state="submitted").values_list(
            "team__slug", flat=True
        )
    )
    assert teams == {"data-platform", "forecasting"}
