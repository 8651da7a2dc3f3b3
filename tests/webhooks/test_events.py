"""The events the real services fire, once committed, and what their payloads carry: ids and
key figures, never who answered."""

import json

import pytest

from assessments import services as assessment_services
from plans import services as plan_services
from plans.models import Action
from rounds import services as round_services
from tests.answers import answer_everything
from tests.rounds.round_helpers import open_round
from webhooks.models import Delivery


def sent(receiver):
    return [
        (headers["X-Maturity-Event"], json.loads(body)) for _p, headers, body in receiver.requests
    ]


@pytest.mark.django_db
def test_submitting_and_reopening_an_assessment_are_sent(
    assessment, member, manager, endpoint, receiver, django_capture_on_commit_callbacks
):
    answer_everything(assessment, member)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.assessment_submit(assessment=assessment, by=member)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.assessment_reopen(assessment=assessment, by=manager, reason="Typo")

    (submitted_type, submitted), (reopened_type, reopened) = sent(receiver)
    assert (submitted_type, reopened_type) == ("assessment.submitted", "assessment.reopened")
    assert submitted["type"] == "assessment.submitted"
    assert submitted["organisation"] == "acme"
    data = submitted["data"]
    assert data["team"] == {"id": assessment.team_id, "slug": "fraud-ml", "name": "Fraud ML"}
    assert data["assessment"]["id"] == assessment.pk
    assert data["assessment"]["label"] == "2026 Q4"
    assert data["assessment"]["state"] == "submitted"
    assert data["assessment"]["overall_score"] == pytest.approx(2.0, abs=1)
    assert data["assessment"]["model"] == {"slug": "mlops", "version": "1"}
    assert reopened["data"]["assessment"]["state"] == "in_progress"
    assert reopened["data"]["assessment"]["overall_score"] is None
    assert submitted["id"] != reopened["id"]
    for _type, payload in sent(receiver):
        text = json.dumps(payload)
        assert member.email not in text and manager.email not in text
        assert "submitted_by" not in text


@pytest.mark.django_db
def test_a_second_submit_sends_nothing_more(
    assessment, member, endpoint, receiver, django_capture_on_commit_callbacks
):
    answer_everything(assessment, member)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.assessment_submit(assessment=assessment, by=member)
        assessment_services.assessment_submit(assessment=assessment, by=member)

    assert [event for event, _payload in sent(receiver)] == ["assessment.submitted"]


@pytest.mark.django_db
def test_a_rolled_back_submit_sends_nothing(assessment, member, endpoint, receiver):
    answer_everything(assessment, member)
    # Inside the test's transaction, never committed: on_commit never runs.
    assessment_services.assessment_submit(assessment=assessment, by=member)

    assert receiver.requests == []
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_opening_and_closing_a_round_are_sent(
    organisation,
    team,
    manager,
    model_in_use,
    endpoint,
    receiver,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        round_ = open_round(organisation, [team], manager, model_in_use, anonymous=True)
    with django_capture_on_commit_callbacks(execute=True):
        round_services.round_close(round_=round_, by=manager)

    (opened_type, opened), (closed_type, closed) = sent(receiver)
    assert (opened_type, closed_type) == ("round.opened", "round.closed")
    assert opened["data"]["round"]["id"] == round_.pk
    assert opened["data"]["round"]["label"] == "2027 Q1"
    assert opened["data"]["round"]["teams"] == 1
    assert opened["data"]["round"]["anonymous"] is True
    assert opened["data"]["round"]["closed_at"] is None
    assert closed["data"]["round"]["closed_at"] is not None
    assert manager.email not in json.dumps([opened, closed])


@pytest.mark.django_db
def test_an_action_becoming_done_is_sent_once(
    team, member, endpoint, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        action = plan_services.action_create(team=team, by=member, title="Ship the registry")
    with django_capture_on_commit_callbacks(execute=True):
        action = plan_services.action_update(action=action, by=member, status=Action.Status.DONE)
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.action_update(action=action, by=member, title="Ship the model registry")

    [(event, payload)] = sent(receiver)
    assert event == "action.done"
    assert payload["data"]["action"]["id"] == action.pk
    assert payload["data"]["action"]["status"] == "done"
    assert payload["data"]["action"]["title"] == "Ship the registry"
    assert payload["data"]["team"]["slug"] == "fraud-ml"
    assert member.email not in json.dumps(payload)


@pytest.mark.django_db
def test_events_go_only_to_endpoints_that_chose_them(
    organisation, admin, team, member, receiver, django_capture_on_commit_callbacks
):
    from webhooks.services import endpoint_create

    endpoint_create(organisation=organisation, url=receiver.url, events=["round.opened"], by=admin)
    with django_capture_on_commit_callbacks(execute=True):
        action = plan_services.action_create(team=team, by=member, title="Write the runbook")
        plan_services.action_update(action=action, by=member, status=Action.Status.DONE)

    assert receiver.requests == []


@pytest.mark.django_db
def test_another_organisations_events_never_reach_this_endpoint(
    other_organisation, endpoint, receiver, django_capture_on_commit_callbacks
):
    from tests.factories import TeamFactory, UserFactory

    other_team = TeamFactory(organisation=other_organisation)
    with django_capture_on_commit_callbacks(execute=True):
        action = plan_services.action_create(
            team=other_team, by=UserFactory(), title="Theirs", status=Action.Status.DONE
        )

    assert action.status == "done"
    assert receiver.requests == []


@pytest.mark.django_db
def test_assessments_submitted_at_a_rounds_deadline_are_sent(
    assessment, member, endpoint, receiver, django_capture_on_commit_callbacks
):
    from assessments.bulk import assessments_submit_complete

    answer_everything(assessment, member)
    with django_capture_on_commit_callbacks(execute=True):
        submitted, _late = assessments_submit_complete([assessment.pk])

    assert submitted == [assessment.pk]
    [(event, payload)] = sent(receiver)
    assert event == "assessment.submitted"
    assert payload["data"]["assessment"]["id"] == assessment.pk
