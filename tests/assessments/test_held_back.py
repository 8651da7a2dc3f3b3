"""Issue 15, item 10: wherever a level is lower than its score suggests, the page says which
area holds it back — the results page, the team page, the organisation dashboard, the PDF."""

import pytest
from django.urls import reverse

from assessments import scoring, selectors, services
from reports import pdf as report_pdf
from reports.models import Report
from tests.answers import answer_everything

HELD = "held back by Model release (0)"


@pytest.fixture
def held_back(assessment, member, manager):
    """Level 2 everywhere but Model release at 0: process scores 1.7, overall 1.9, level 0."""
    answer_everything(assessment, member, level=2, **{"model-release": 0})
    services.assessment_submit(assessment=assessment, by=manager)
    return assessment


def test_holding_back_names_the_areas_at_the_level_when_the_score_says_more():
    levels = {"people": 2, "model-release": 0, "technology": 0}
    assert scoring.holding_back(1.6, 0, levels) == ("model-release", "technology")
    assert scoring.holding_back(0.9, 0, levels) == ()  # the score says level 0 too
    assert scoring.holding_back(0.96, 0, levels) == ("model-release", "technology")  # shown 1.0
    assert scoring.holding_back(None, None, levels) == ()


@pytest.mark.django_db
def test_held_back_text_is_computed_once_for_a_result(held_back):
    display = selectors.ModelDisplay.of(held_back.model)
    texts = selectors.result_held_back(display, selectors.result(held_back))
    assert texts == {
        "people": "",
        "process": "Model release (0)",
        "technology": "",
        "overall": "Model release (0)",
    }


@pytest.mark.django_db
def test_results_page_says_what_holds_the_level_back(client_for, member, held_back):
    team = held_back.team
    page = client_for(member).get(
        reverse("assessments:detail", args=[team.organisation.slug, team.slug, held_back.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    text = " ".join(page.content.decode().split())
    assert "Overall: score 1.9, level 0 (" in text
    assert text.count(HELD) == 2  # overall and the process dimension


@pytest.mark.django_db
def test_team_page_says_what_holds_the_level_back(client_for, member, held_back):
    team = held_back.team
    page = client_for(member).get(
        reverse("dashboards:team", args=[team.organisation.slug, team.slug]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert " ".join(page.content.decode().split()).count(HELD) == 2


@pytest.mark.django_db
def test_organisation_dashboard_row_says_what_holds_the_level_back(client_for, manager, held_back):
    page = client_for(manager).get(
        reverse("organisation", args=[held_back.team.organisation.slug]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "level 0 · " + HELD in " ".join(page.content.decode().split())


@pytest.mark.django_db
def test_pdf_says_what_holds_the_level_back(held_back):
    report = Report(
        kind="assessment",
        organisation=held_back.team.organisation,
        assessment=held_back,
        language="en",
    )
    html = " ".join(report_pdf.render_html(report).split())
    assert html.count(HELD) == 2
