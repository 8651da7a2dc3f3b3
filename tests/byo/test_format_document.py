"""docs/model-format.md's worked example is a model that imports as the document says."""

import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from assessments import selectors
from maturity.interchange import ModelImportError
from maturity.models import MaturityModel
from maturity.spreadsheet import import_workbook, parse_workbook, workbook_of
from tests.factories import OrganisationFactory

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "model-format.md"


def example():
    return re.search(r"```json\n(.*?)```", DOCUMENT.read_text(), re.DOTALL).group(1)


@pytest.mark.django_db
def test_the_worked_example_imports_with_the_command_shown(tmp_path):
    assert "import_model code-review.json --organisation acme --publish" in DOCUMENT.read_text()
    OrganisationFactory(name="Acme", slug="acme")
    (tmp_path / "code-review.json").write_text(example())

    call_command(
        "import_model",
        str(tmp_path / "code-review.json"),
        "--organisation",
        "acme",
        "--publish",
        verbosity=0,
    )

    model = MaturityModel.objects.get(slug="code-review", organisation__slug="acme")
    assert model.status == MaturityModel.Status.PUBLISHED and model.language_list == ["en"]
    assert [a.key for a in model.areas.all()] == ["reviews", "knowledge", "checks"]
    # As the document says: level 2 of Reviews adds one characteristic to level 1's.
    display = selectors.ModelDisplay.of(model)
    level, new = display.next_step("reviews", 1)
    assert level.number == 2
    assert [c.text for c in new] == ["Reviews are done within one working day."]


@pytest.mark.django_db
def test_the_worked_example_as_a_workbook_is_as_the_document_describes():
    data = json.loads(example())
    raw = workbook_of(data)
    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
    areas = [tuple(row) for row in book["Areas"].iter_rows(values_only=True)]
    assert areas[0] == ("key", "dimension", "name_de", "name_en")
    assert areas[1:] == [
        ("reviews", "practice", None, "Reviews"),
        ("knowledge", "practice", None, "Shared knowledge"),
        ("checks", "tooling", None, "Automated checks"),
    ]
    model_sheet = dict(book["Model"].iter_rows(min_row=2, values_only=True))
    assert model_sheet["slug"] == "code-review" and model_sheet["languages"] == "en"
    assert ("reviews", 2, None, None, "Reviews are done within one working day.") in [
        tuple(row) for row in book["Characteristics"].iter_rows(values_only=True)
    ]
    assert parse_workbook(raw) == data


@pytest.mark.django_db
def test_a_level_gap_in_a_workbook_names_the_sheet_as_the_document_says():
    data = json.loads(example())
    data["levels"] = [data["levels"][0], data["levels"][2]]
    data["characteristics"] = [c for c in data["characteristics"] if c["level"] != 1]
    with pytest.raises(ModelImportError) as refused:
        import_workbook(workbook_of(data), organisation=None)
    assert "Levels: levels must be numbered 0, 1, 2, … without gaps; found 0, 2" in str(
        refused.value
    )
