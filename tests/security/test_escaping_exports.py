"""Spreadsheet exports carry no formulas written by users."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from assessments import services
from tests.security.hostile import (  # noqa: F401
    AREAS,
    LINK,
    MARKUP,
    answer_all,
    escaped,
    hostile,
    hostile_model,
    url,
)

# Spreadsheets


FORMULAS = [
    "=1+2",
    "+1+2",
    "-1+2",
    "@SUM(1,2)",
    "\t=1+2",
    '=HYPERLINK("http://evil.example","x")',
    "=cmd|' /C calc'!A0",
]


@pytest.fixture
def formula_labels(organisation, team, model_in_use_mini, member, manager):
    for day, label in enumerate([*FORMULAS, "2026 Q4", "Q\x01 bell"], start=1):
        assessment = services.assessment_start(
            team=team, model=model_in_use_mini, label=label, date=date(2026, 1, day), by=manager
        )
        answer_all(assessment, member, level=1)
        services.assessment_submit(assessment=assessment, by=manager)


@pytest.fixture
def model_in_use_mini(organisation, mini_model):
    organisation.models_in_use.add(mini_model)
    return mini_model


@pytest.mark.django_db
def test_csv_export_neutralises_formulas(client_for, manager, organisation, formula_labels):
    response = client_for(manager).get(url("reports:export", organisation.slug, "csv"))

    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    labels = {row["label"] for row in rows}
    assert labels == {"'" + f.lstrip("\t") for f in FORMULAS} | {"2026 Q4", "Q bell"}
    assert all(row["score"] and float(row["score"]) >= 0 for row in rows)


@pytest.mark.django_db
def test_xlsx_export_has_no_formulas_and_keeps_numbers(
    client_for, manager, organisation, formula_labels
):
    response = client_for(manager).get(url("reports:export", organisation.slug, "xlsx"))

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    header = [cell.value for cell in sheet[1]]
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    labels = {row[header.index("label")].value for row in sheet.iter_rows(min_row=2)}
    assert labels == {"'" + f.lstrip("\t") for f in FORMULAS} | {"2026 Q4", "Q bell"}
    scores = [row[header.index("score")].value for row in sheet.iter_rows(min_row=2)]
    assert all(isinstance(score, float | int) for score in scores)


HIDDEN_FORMULAS = {
    # Written to the database directly (the forms refuse control characters): a control
    # character first once hid the formula from the check, and the workbook then dropped it.
    '\x01=HYPERLINK("http://evil.example","x")': '\'=HYPERLINK("http://evil.example","x")',
    "\t=1+1": "'=1+1",
    "\u202e=1+1": "'=1+1",
}


@pytest.fixture
def hidden_formulas(organisation, model_in_use_mini, member, manager):
    from django.db import connection

    from accounts.models import Team

    names = dict(HIDDEN_FORMULAS)
    if connection.vendor == "sqlite":  # PostgreSQL cannot store NUL at all
        names['\x00=HYPERLINK("http://evil.example","x")'] = (
            '\'=HYPERLINK("http://evil.example","x")'
        )
    for name in names:
        team = Team.objects.create(organisation=organisation, slug=name, name=name)
        assessment = services.assessment_start(
            team=team, model=model_in_use_mini, label=name, date=date(2026, 1, 1), by=manager
        )
        answer_all(assessment, member, level=1)
    return names


@pytest.mark.django_db
def test_a_formula_behind_a_control_character_is_a_string_cell_in_xlsx(
    client_for, manager, organisation, hidden_formulas
):
    response = client_for(manager).get(url("reports:export", organisation.slug, "xlsx"))

    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    header = [cell.value for cell in sheet[1]]
    for column in ("team", "label"):
        cells = [row[header.index(column)] for row in sheet.iter_rows(min_row=2)]
        assert {cell.value for cell in cells} == set(hidden_formulas.values())
        assert {cell.data_type for cell in cells} == {"s"}


@pytest.mark.django_db
def test_a_formula_behind_a_control_character_is_neutralised_in_csv(
    client_for, manager, organisation, hidden_formulas
):
    response = client_for(manager).get(url("reports:export", organisation.slug, "csv"))

    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert {row["team"] for row in rows} == set(hidden_formulas.values())
    assert {row["label"] for row in rows} == set(hidden_formulas.values())


def test_the_workbook_writes_every_text_as_a_string_even_one_like_a_formula():
    from reports.xlsx import write_workbook

    out = io.BytesIO()
    write_workbook(
        out, title="T", header=["a", "b", "c"], rows=[["=1+1", 2, 2.5], [" x ", None, "@A1"]]
    )

    sheet = load_workbook(out).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["a", "b", "c"],
        ["=1+1", 2, 2.5],
        [" x ", None, "@A1"],
    ]
    assert sheet["A2"].data_type == "s" and sheet["C3"].data_type == "s"
    assert sheet.freeze_panes == "A2"
