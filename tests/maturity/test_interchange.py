"""Export, import and validation of the interchange format, with two different models."""

import copy
import json

import pytest
from django.core.management import CommandError, call_command

from maturity.interchange import ModelImportError, export_model, import_model, parse, validate
from maturity.models import Area, Characteristic, Dimension, Level, MaturityModel
from tests.factories import OrganisationFactory


def stored_counts():
    return [m.objects.count() for m in (MaturityModel, Dimension, Area, Level, Characteristic)]


@pytest.mark.django_db
@pytest.mark.parametrize("model_fixture", ["mlops", "mini_model"])
def test_export_import_as_new_version_export_gives_the_same_content(model_fixture, request):
    model = request.getfixturevalue(model_fixture)
    exported = export_model(model)

    again = copy.deepcopy(exported)
    again["version"] = "2"
    copy_model = import_model(again)

    assert export_model(copy_model) == {**exported, "version": "2"}


@pytest.mark.django_db
def test_the_small_model_is_complete_after_import(mini_model, mini_data):
    assert [lv.number for lv in mini_model.levels.all()] == [0, 1, 2]
    assert [a.key for a in mini_model.areas.all()] == ["collaboration", "delivery", "monitoring"]
    assert mini_model.characteristics.count() == len(mini_data["characteristics"])
    assert export_model(mini_model) == mini_data


def mutate(path, value):
    """A change to the small model that makes it invalid, named by its JSON path."""

    def apply(data):
        *parents, last = path
        target = data
        for step in parents:
            target = target[step]
        if value is DELETE:
            del target[last]
        else:
            target[last] = value
        return data

    return apply


DELETE = object()


INVALID = [
    ("unknown key", mutate(["colour"], "blue"), "$.colour", "unknown key"),
    ("missing key", mutate(["levels", 0, "title"], DELETE), "$.levels[0].title", "missing"),
    (
        "missing language",
        mutate(["areas", 1, "name", "en"], DELETE),
        "$.areas[1].name.en",
        "missing language",
    ),
    (
        "empty text",
        mutate(["characteristics", 2, "text", "de"], " "),
        "$.characteristics[2].text.de",
        "must not be empty",
    ),
    ("extra language", mutate(["name", "fr"], "Petit"), "$.name.fr", "unknown language"),
    (
        "area in no dimension",
        mutate(["areas", 0, "dimension"], DELETE),
        "$.areas[0].dimension",
        "missing",
    ),
    (
        "unknown dimension",
        mutate(["areas", 0, "dimension"], "people"),
        "$.areas[0].dimension",
        "no dimension",
    ),
    (
        "unknown area",
        mutate(["characteristics", 0, "area"], "security"),
        "$.characteristics[0].area",
        "no area",
    ),
    (
        "level outside",
        mutate(["characteristics", 0, "level"], 3),
        "$.characteristics[0].level",
        "not one of",
    ),
    ("gap in levels", mutate(["levels", 1, "number"], 5), "$.levels", "without gaps"),
    ("level twice", mutate(["levels", 1, "number"], 0), "$.levels[1].number", "twice"),
    ("negative level", mutate(["levels", 0, "number"], -1), "$.levels[0].number", "whole number"),
    ("bad slug", mutate(["slug"], "Devops Mini!"), "$.slug", "lower-case"),
    ("version not text", mutate(["version"], 2), "$.version", "must be a text"),
    (
        "duplicate key",
        mutate(["characteristics", 1, "key"], "collaboration.0.1"),
        "$.characteristics[1].key",
        "twice",
    ),
    ("no areas", mutate(["areas"], []), "$.areas", "must not be empty"),
    ("not a list", mutate(["levels"], {"0": "x"}), "$.levels", "must be a list"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "change", "path", "message"), INVALID, ids=[c[0] for c in INVALID]
)
def test_invalid_import_is_refused_by_path_and_stores_nothing(
    mini_data, case, change, path, message
):
    before = stored_counts()

    with pytest.raises(ModelImportError) as refused:
        import_model(change(copy.deepcopy(mini_data)))

    assert any(p == path and message in m for p, m in refused.value.errors), refused.value.errors
    assert stored_counts() == before


def test_malformed_json_is_refused_with_its_position():
    with pytest.raises(ModelImportError) as refused:
        parse(b'{"slug": "x",\n  "version": }')

    ((path, message),) = refused.value.errors
    assert path == "$"
    assert "line 2" in message


def test_json_nested_too_deeply_is_refused_not_a_crash():
    with pytest.raises(ModelImportError) as refused:
        parse(b"[" * 100_000)

    assert refused.value.errors == [("$", "not valid JSON: nested too deeply")]


def test_not_an_object_is_refused():
    assert validate(["a", "list"]) == [("$", "must be an object")]


@pytest.mark.django_db
def test_duplicate_slug_and_version_is_refused(mini_model, mini_data):
    with pytest.raises(ModelImportError) as refused:
        import_model(mini_data)

    assert refused.value.errors[0][0] == "$.version"
    assert MaturityModel.objects.count() == 1


@pytest.mark.django_db
def test_a_published_version_cannot_be_changed(mini_model, mini_data):
    mini_data["characteristics"][0]["text"]["en"] = "Teams sit apart"

    with pytest.raises(ModelImportError) as refused:
        import_model(mini_data)

    assert "published and cannot be changed" in refused.value.errors[0][1]
    assert mini_model.characteristics.get(key="collaboration.0.1").text_en == "Teams work apart"


@pytest.mark.django_db
def test_failure_midway_leaves_nothing(mini_data, monkeypatch):
    """All or nothing: an error while storing rolls back what was stored before it."""

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Characteristic.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        import_model(mini_data)

    assert stored_counts() == [0, 0, 0, 0, 0]


@pytest.mark.django_db
def test_import_command_imports_for_an_organisation(tmp_path, mini_data, capsys):
    organisation = OrganisationFactory(slug="acme")
    file = tmp_path / "model.json"
    file.write_text(json.dumps(mini_data), encoding="utf-8")

    call_command("import_model", str(file), "--organisation", "acme", "--publish")

    model = MaturityModel.objects.get()
    assert (model.organisation, model.status) == (organisation, "published")
    assert "9 characteristics" in capsys.readouterr().out


@pytest.mark.django_db
def test_import_command_fails_naming_the_path_and_stores_nothing(tmp_path, mini_data):
    del mini_data["areas"][2]["name"]["de"]
    file = tmp_path / "model.json"
    file.write_text(json.dumps(mini_data), encoding="utf-8")

    with pytest.raises(CommandError, match=r"\$\.areas\[2\]\.name\.de: missing language"):
        call_command("import_model", str(file))

    assert MaturityModel.objects.count() == 0


@pytest.mark.django_db
def test_import_command_refuses_unknown_organisation(tmp_path, mini_data):
    file = tmp_path / "model.json"
    file.write_text(json.dumps(mini_data), encoding="utf-8")

    with pytest.raises(CommandError, match="No organisation"):
        call_command("import_model", str(file), "--organisation", "nope")


@pytest.mark.django_db
def test_export_command_picks_the_newest_version(mini_model, mini_data, capsys):
    for version in ("2", "10"):
        import_model({**copy.deepcopy(mini_data), "version": version})

    call_command("export_model", "devops-mini")
    assert json.loads(capsys.readouterr().out)["version"] == "10"
    call_command("export_model", "devops-mini", "--version", "2")
    assert json.loads(capsys.readouterr().out)["version"] == "2"
    with pytest.raises(CommandError, match="No maturity model"):
        call_command("export_model", "devops-mini", "--version", "7")
