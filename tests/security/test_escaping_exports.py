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

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    labels = {row["label"] for row in rows}
    assert labels == {"'" + f for f in FORMULAS} | {"2026 Q4", "Q\x01 bell"}
    assert all(row["score"] and float(row["score"]) >= 0 for row in rows)


@pytest.mark.django_db
def test_xlsx_export_has_no_formulas_and_keeps_numbers(
    client_for, manager, organisation, formula_labels
):
    response = client_for(manager).get(url("reports:export", organisation.slug, "xlsx"))

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    labels = {row[header.index("label")].value for row in sheet.iter_rows(min_row=2)}
    assert labels == {"'" + f for f in FORMULAS} | {"2026 Q4", "Q bell"}
    scores = [row[header.index("score")].value for row in sheet.iter_rows(min_row=2)]
    assert all(isinstance(score, float | int) for score in scores)
