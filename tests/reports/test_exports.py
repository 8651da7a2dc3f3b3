import csv
import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from assessments import services
from reports.exports import results_csv, results_export
from tests.answers import answer_everything


@pytest.fixture
def submitted(assessment, member, second_member, manager):
    answer_everything(assessment, member, level=1)
    answer_everything(assessment, second_member, level=2)
    services.answer_record(
        assessment=assessment,
        respondent=member,
        area_key="model-creation",
        level=1,
        ticked=["model-creation.2.2", "model-creation.2.4"],
    )
    services.agreed_record(assessment=assessment, area_key="people", level=2, by=manager)
    services.assessment_submit(assessment=assessment, by=manager)
    return assessment


@pytest.mark.django_db
def test_json_export_has_the_documented_shape(submitted, organisation):
    data = results_export(organisation)

    assert data["organisation"] == "acme"
    (item,) = data["assessments"]
    assert {
        k: item[k] for k in ("team", "label", "date", "model", "version", "state", "respondents")
    } == {
        "team": "fraud-ml",
        "label": "2026 Q4",
        "date": "2026-11-20",
        "model": "mlops",
        "version": "1",
        "state": "submitted",
        "respondents": 2,
    }
    assert item["areas"]["people"] == {
        "level": 2,
        "reached": 2,
        "ticked": [],
        "new_next": 2,
        "score": 2.0,
        "source": "agreed",
    }
    # Two respondents at 1 (two of three ticked) and 2: the lower median counts.
    assert item["areas"]["model-creation"] == {
        "level": 1,
        "reached": 1,
        "ticked": ["model-creation.2.2", "model-creation.2.4"],
        "new_next": 3,
        "score": 1.67,
        "source": "median",
    }
    assert set(item["dimensions"]) == {"people", "process", "technology"}
    # Application integration at 1 has reached 2 (level 2 adds nothing new there).
    assert item["areas"]["application-integration"] == {
        "level": 1,
        "reached": 2,
        "ticked": [],
        "new_next": 3,
        "score": 2.0,
        "source": "median",
    }
    assert item["dimensions"]["process"] == {"score": round((1 + 2 / 3 + 1 + 2) / 3, 2), "level": 1}
    assert item["overall"]["level"] == 1


@pytest.mark.django_db
def test_export_agrees_with_the_results_page(client_for, submitted, organisation, member):
    from django.urls import reverse

    page = client_for(member).get(
        reverse("assessments:detail", args=["acme", "fraud-ml", submitted.pk])
    )
    result = page.context["result"]
    (item,) = results_export(organisation)["assessments"]

    assert item["overall"] == {
        "score": round(result.overall.score, 2),
        "level": result.overall.level,
    }
    for key, area in result.areas.items():
        assert item["areas"][key]["score"] == round(area.score, 2)
        assert item["areas"][key]["level"] == area.level


@pytest.mark.django_db
def test_an_unfinished_assessment_exports_what_it_has(assessment, member, organisation):
    services.answer_record(assessment=assessment, respondent=member, area_key="technology", level=3)

    (item,) = results_export(organisation)["assessments"]

    assert item["state"] == "in_progress"
    assert list(item["areas"]) == ["technology"]
    assert item["dimensions"] == {"technology": {"score": 3.0, "level": 3}}
    assert item["overall"] is None


@pytest.mark.django_db
def test_csv_has_a_row_per_assessment_and_area_with_the_same_figures(submitted, organisation):
    rows = list(csv.DictReader(io.StringIO(results_csv(organisation))))
    (item,) = results_export(organisation)["assessments"]

    assert [row["area"] for row in rows] == [
        "people",
        "model-creation",
        "model-release",
        "application-integration",
        "technology",
    ]
    creation = rows[1]
    assert creation["score"] == "1.67"
    assert creation["ticked"] == "model-creation.2.2 model-creation.2.4"
    assert creation["dimension"] == "process"
    assert creation["dimension_score"] == str(item["dimensions"]["process"]["score"])
    assert creation["overall_level"] == str(item["overall"]["level"])


@pytest.mark.django_db
def test_command_prints_json_and_csv(submitted, capsys):
    call_command("export_results", "acme")
    assert json.loads(capsys.readouterr().out)["assessments"][0]["team"] == "fraud-ml"

    call_command("export_results", "acme", "--format", "csv")
    assert capsys.readouterr().out.startswith("organisation,team,label,date")

    with pytest.raises(CommandError, match="No organisation"):
        call_command("export_results", "nope")


@pytest.mark.django_db
def test_export_runs_a_fixed_number_of_queries(
    organisation, team, model_in_use, member, manager, django_assert_max_num_queries
):
    for quarter in range(1, 7):
        assessment = services.assessment_start(
            team=team,
            model=model_in_use,
            label=f"Q{quarter}",
            date=date(2025, quarter, 1),
            by=manager,
        )
        answer_everything(assessment, member, level=quarter % 5)
        services.assessment_submit(assessment=assessment, by=manager)  # one open at a time

    with django_assert_max_num_queries(8):
        data = results_export(organisation)

    assert len(data["assessments"]) == 6


def _export_queries(client, format):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("reports:export", args=["acme", format]))
        body = response.getvalue()  # a streamed export reads the database while it is sent
    assert response.status_code == 200 and body
    return len(captured)


def _history(team, model, member, manager, quarters):
    for quarter in range(1, quarters + 1):
        assessment = services.assessment_start(
            team=team,
            model=model,
            label=f"{team.slug} Q{quarter}",
            date=date(2025, 1, quarter),
            by=manager,
        )
        answer_everything(assessment, member, level=quarter % 5)
        services.assessment_submit(assessment=assessment, by=manager)  # one open at a time


@pytest.mark.django_db
@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_spreadsheet_exports_run_the_same_queries_for_more_teams_and_assessments(
    client_for, organisation, team, model_in_use, member, manager, format
):
    from tests.factories import TeamFactory

    client = client_for(manager)
    _history(team, model_in_use, member, manager, 2)
    _export_queries(client, format)  # the first request of a session writes the session
    few = _export_queries(client, format)
    for _ in range(3):
        _history(TeamFactory(organisation=organisation), model_in_use, member, manager, 4)

    assert _export_queries(client, format) == few


@pytest.mark.django_db
def test_spreadsheet_exports_are_streamed_from_a_generator_or_a_file(
    client_for, manager, assessment
):
    from django.urls import reverse

    client = client_for(manager)
    for format, content_type in [
        ("csv", "text/csv"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ]:
        response = client.get(reverse("reports:export", args=["acme", format]))
        assert response.streaming, format
        assert response["Content-Type"].startswith(content_type)
        assert response["Content-Disposition"].startswith('attachment; filename="acme-results-')
