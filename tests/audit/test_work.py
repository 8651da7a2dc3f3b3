"""Targets, submits, reopens, agreed answers, models, rounds and actions appear in the log."""

import pytest

from assessments import services as assessment_services
from audit.models import Kind
from maturity import services as maturity_services
from plans import services as plan_services
from rounds import services as round_services
from tests.answers import answer_everything
from tests.rounds.round_helpers import open_round


def test_target_set_is_logged_with_before_and_after(team, manager, model_in_use, entries):
    assessment_services.target_set(team=team, dimension_key="people", level=2, by=manager)
    assessment_services.target_set(team=team, dimension_key="people", level=3, by=manager)
    logged = entries(content_type__model="target")
    assert logged and all(entry.organisation_id == team.organisation_id for entry in logged)
    levels = [entry.changes.get("level") for entry in logged if "level" in entry.changes]
    assert any(level and str(level[-1]) == "3" for level in levels)


def test_submit_and_reopen_are_logged_as_events(
    assessment, member, manager, entries, audit_page, django_capture_on_commit_callbacks
):
    answer_everything(assessment, member)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.assessment_submit(assessment=assessment, by=member)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.assessment_reopen(assessment=assessment, by=manager, reason="Typo")
    assert [entry.kind for entry in entries(content_type__model="assessment")] == [
        Kind.REOPENED,
        Kind.SUBMITTED,
    ]
    page = audit_page(kind="submitted")
    assert str(assessment) in page


def test_agreed_answer_is_logged(assessment, manager, entries):
    assessment_services.agreed_record(assessment=assessment, area_key="people", level=2, by=manager)
    (entry,) = entries(kind=Kind.AGREED)
    assert entry.changes["level"][-1] in (2, "2")


def test_model_upload_publish_and_retire_are_logged(organisation, admin, mini_data, entries):
    import json

    mini_data["slug"] = "own-model"
    model = maturity_services.model_upload(organisation=organisation, raw=json.dumps(mini_data))
    maturity_services.model_publish(model=model)
    maturity_services.model_retire(model=model)
    kinds = [entry.kind for entry in entries(content_type__model="maturitymodel")]
    assert kinds == [Kind.RETIRED, Kind.PUBLISHED, Kind.UPLOADED]


def test_round_opened_and_closed_are_logged(organisation, team, manager, model_in_use, entries):
    round_ = open_round(organisation, [team], manager, model_in_use)
    round_services.round_close(round_=round_, by=manager)
    kinds = [entry.kind for entry in entries(content_type__model="round")]
    assert Kind.CREATED in kinds and Kind.CHANGED in kinds


def test_action_created_and_changed_are_logged(team, manager, entries):
    action = plan_services.action_create(team=team, by=manager, title="Automate the tests")
    plan_services.action_update(action=action, by=manager, status="done")
    logged = entries(content_type__model="action")
    assert [entry.kind for entry in logged] == [Kind.CHANGED, Kind.CREATED]
    assert logged[0].changes["status"][-1] == "done"


@pytest.mark.django_db
def test_a_shipped_model_belongs_to_no_organisation(mlops, entries):
    assert entries(content_type__model="maturitymodel") == []
