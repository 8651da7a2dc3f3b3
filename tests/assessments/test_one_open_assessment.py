"""A team has at most one open (draft or in progress) assessment per model version, and uses
a label once: a second Start, also at the same moment, leads to the open one."""

import re
from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from assessments import selectors, services
from assessments.models import Assessment
from tests.answers import answer_everything

pytestmark = pytest.mark.django_db

DAY = date(2026, 12, 2)


def start(team, model, by, label="2026 Q4 again"):
    return services.assessment_start(team=team, model=model, label=label, date=DAY, by=by)


def test_a_second_open_assessment_of_the_team_and_model_is_refused(assessment, manager):
    with pytest.raises(services.AssessmentOpen) as refusal:
        start(assessment.team, assessment.model, manager)

    assert refusal.value.assessment == assessment
    assert str(refusal.value) == "“2026 Q4” is open already: continue answering it."
    assert Assessment.objects.count() == 1


def test_once_submitted_the_next_one_can_start(assessment, member, manager):
    answer_everything(assessment, member)
    services.assessment_submit(assessment=assessment, by=manager)

    assert start(assessment.team, assessment.model, manager).state == Assessment.State.DRAFT


def test_another_model_may_have_its_own_open_assessment(assessment, manager, mini_model):
    assessment.team.organisation.models_in_use.add(mini_model)

    assert start(assessment.team, mini_model, manager, label="DevOps 2026").model == mini_model


def test_a_label_is_used_once_per_team(assessment, member, manager, other_team):
    answer_everything(assessment, member)
    services.assessment_submit(assessment=assessment, by=manager)

    with pytest.raises(services.AssessmentError, match="has an assessment “2026 Q4” already"):
        start(assessment.team, assessment.model, manager, label="2026 Q4")
    assert start(other_team, assessment.model, manager, label="2026 Q4").team == other_team


@pytest.mark.parametrize(
    "duplicate", [{"label": "2026 Q4 again"}, {"label": "2026 Q4", "state": "submitted"}]
)
def test_the_database_refuses_a_second_open_assessment_and_a_label_twice(assessment, duplicate):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(
            team=assessment.team, model=assessment.model, date=DAY, **duplicate
        )


def test_a_start_racing_another_leads_to_the_one_that_won(assessment, manager, monkeypatch):
    # The other click inserted its row after this one looked: the constraint refuses ours.
    looked = []
    real = selectors.open_assessment

    def not_yet(team, model):
        looked.append(team)
        return None if len(looked) == 1 else real(team, model)

    monkeypatch.setattr(selectors, "open_assessment", not_yet)

    with pytest.raises(services.AssessmentOpen) as refusal:
        start(assessment.team, assessment.model, manager)

    assert refusal.value.assessment == assessment
    assert Assessment.objects.count() == 1


def test_reopening_is_refused_while_another_is_open(assessment, member, manager):
    answer_everything(assessment, member)
    services.assessment_submit(assessment=assessment, by=manager)
    newer = start(assessment.team, assessment.model, manager)

    with pytest.raises(services.AssessmentError, match="“2026 Q4 again” is open"):
        services.assessment_reopen(assessment=assessment, by=manager, reason="A typo")
    assessment.refresh_from_db()
    assert assessment.is_submitted and newer.state == Assessment.State.DRAFT


def start_url(team):
    return reverse("assessments:start", args=[team.organisation.slug, team.slug])


def test_start_while_one_is_open_leads_to_it(client_for, assessment, member):
    response = client_for(member).post(
        start_url(assessment.team),
        {"label": "2026 Q4 again", "date": "2026-12-02", "model": assessment.model.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 302
    assert response.url == reverse("assessments:answer", args=["acme", "fraud-ml", assessment.pk])
    assert Assessment.objects.count() == 1


def test_the_start_page_shows_the_open_one_and_proposes_a_free_label(
    client_for, assessment, member, manager, monkeypatch
):
    monkeypatch.setattr("assessments.views.teams.quarter_label", lambda day: "2026 Q4")

    page = client_for(member).get(start_url(assessment.team), HTTP_ACCEPT_LANGUAGE="en")

    assert "Continue answering 2026 Q4" in page.content.decode()
    assert page.context["form"].initial["label"] == "2026 Q4 (2)"


def main_actions(page):
    header = page.content.decode().split("</h1>", 1)[1].split("</div>", 2)[0]
    return re.findall(r'class="btn (btn-[a-z-]+)"[^>]*>([^<]+)</a>', header)


def test_the_team_page_leads_members_to_the_open_assessment(client_for, assessment, member):
    page = client_for(member).get(
        reverse("dashboards:team", args=["acme", "fraud-ml"]), HTTP_ACCEPT_LANGUAGE="en"
    )

    # The only model in use has an open assessment: no Start beside Continue.
    assert main_actions(page) == [
        ("btn-primary", "Continue answering 2026 Q4"),
        ("btn-outline-primary", "Improvement plan"),
    ]


def test_the_team_page_offers_start_when_nothing_is_open(client_for, team, member, model_in_use):
    page = client_for(member).get(
        reverse("dashboards:team", args=["acme", "fraud-ml"]), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert main_actions(page) == [
        ("btn-primary", "Start an assessment"),
        ("btn-outline-primary", "Improvement plan"),
    ]
