"""A model in one language: it imports, is stored and exported as written, and shows its
texts with a marker in the other language, never an error."""

import copy
import pickle

import pytest
from django.utils import translation

from assessments import selectors
from maturity.interchange import ModelImportError, export_model, import_model
from maturity.models import MaturityModel, Untranslated, translate
from tests.byo.samm import samm_model


@pytest.fixture
def samm(db):
    return import_model(samm_model(), status=MaturityModel.Status.PUBLISHED)


def without_keys(document):
    """The export without the characteristics' keys, which import makes up where none is given."""
    for item in document["characteristics"]:
        item.pop("key")
    return document


def problems(data):
    with pytest.raises(ModelImportError) as refused:
        import_model(data)
    return dict(refused.value.errors)


def test_an_english_only_model_imports_and_exports_as_written(samm):
    assert samm.languages == "en"
    assert samm.language_list == ["en"]
    assert samm.areas.count() == 15
    assert samm.levels.count() == 4
    assert set(samm.areas.values_list("name_de", flat=True)) == {""}
    assert without_keys(export_model(samm)) == samm_model()


def test_a_german_only_model_imports(db):
    data = samm_model()
    german = copy.deepcopy(data)

    def to_german(value):
        if isinstance(value, dict):
            if set(value) == {"en"}:
                return {"de": value["en"]}
            return {k: to_german(v) for k, v in value.items()}
        if isinstance(value, list):
            return [to_german(v) for v in value]
        return value

    german = to_german(german)
    german["languages"] = ["de"]
    model = import_model(german)
    assert model.language_list == ["de"]
    assert without_keys(export_model(model)) == german


def test_without_the_key_the_languages_are_those_of_the_name(db):
    data = samm_model()
    del data["languages"]
    assert import_model(data).languages == "en"


def test_in_german_the_english_text_is_shown_with_a_marker(samm):
    area = samm.areas.get(key="threat-assessment")
    with translation.override("en"):
        assert area.name == "Threat Assessment"
    with translation.override("de"):
        assert area.name == "Threat Assessment [EN]"
        assert isinstance(area.name, Untranslated)
        assert area.name.text == "Threat Assessment"
        assert samm.name == "Software Assurance Maturity Model [EN]"


def test_a_marked_text_survives_pickling_for_the_cache():
    marked = Untranslated("Threat Assessment", "en")
    again = pickle.loads(pickle.dumps(marked))
    assert again == "Threat Assessment [EN]" and again.language == "en"


def test_an_empty_text_in_every_language_stays_empty():
    assert translate({"de": "", "en": ""}) == ""


def test_a_declared_language_is_required_for_every_text(db):
    data = samm_model()
    data["languages"] = ["de", "en"]
    found = problems(data)
    assert found["$.name.de"] == "missing language"
    assert found["$.areas[0].name.de"] == "missing language"
    assert found["$.characteristics[0].text.de"] == "missing language"


def test_a_text_missing_in_every_language_is_refused(db):
    data = samm_model()
    data["areas"][3]["name"] = {}
    data["characteristics"][2]["text"] = {"en": "  "}
    found = problems(data)
    assert found["$.areas[3].name.en"] == "missing language"
    assert found["$.characteristics[2].text.en"] == "must not be empty"


def test_a_translation_begun_in_another_language_is_kept(db):
    data = samm_model()
    data["areas"][0]["name"]["de"] = "Strategie und Metriken"
    model = import_model(data)
    with translation.override("de"):
        assert model.areas.get(key="strategy-metrics").name == "Strategie und Metriken"
        assert model.areas.get(key="policy-compliance").name == "Policy and Compliance [EN]"
    assert export_model(model)["areas"][0]["name"] == {
        "en": "Strategy and Metrics",
        "de": "Strategie und Metriken",
    }


@pytest.mark.parametrize("languages", [[], ["fr"], ["en", "en"], "en", [1]])
def test_unknown_or_empty_languages_are_refused(db, languages):
    data = samm_model()
    data["languages"] = languages
    assert "$.languages" in problems(data)


def test_levels_that_add_nothing_new_are_found_in_an_english_only_model(db):
    data = samm_model()
    # Level 3 of the first practice repeats level 2: both are one choice when answering.
    first = data["areas"][0]["key"]
    level_two = [c for c in data["characteristics"] if c["area"] == first and c["level"] == 2]
    data["characteristics"] = [
        c for c in data["characteristics"] if not (c["area"] == first and c["level"] == 3)
    ] + [{**c, "level": 3} for c in level_two]
    model = import_model(data)
    structures = selectors.area_models([model.pk])[model.pk]
    assert structures[0].groups() == ((0,), (1,), (2, 3))
    display = selectors.ModelDisplay.of(model)
    assert display.area_model(first).groups() == ((0,), (1,), (2, 3))


def test_a_document_from_before_languages_is_the_same_content(mlops):
    """Backups and fixtures written before models declared their languages still match."""
    from maturity.interchange import same_content

    old = export_model(mlops)
    del old["languages"]
    assert same_content(mlops, old)
    old["name"]["en"] = "Changed"
    assert not same_content(mlops, old)


def test_the_model_page_says_which_languages_the_model_is_written_in(
    client_for, admin, organisation
):
    from django.urls import reverse

    model = import_model(samm_model(), organisation=organisation)
    url = reverse("maturity:own_detail", args=[organisation.slug, model.slug, model.version])
    page = client_for(admin).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Written in: English" in page and "marked [DE] or [EN]" in page
