"""The follow-up on the pages: the area's actions while answering, the plan check in the
results and the assessment PDF."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import Assessment
from plans.models import Action
from reports import pdf as report_pdf
from reports.models import Report
from tests.factories import TeamFactory
from tests.plans import test_follow_up as base
from tests.plans.test_follow_up import answer, take

pytestmark = pytest.mark.django_db

dana = base.dana  # the fixture: a member named Dana Whitlock

DONE = "done, but not yet in place"


def area_url(assessment, area):
    team = assessment.team
    return reverse(
        "assessments:answer_area", args=[team.organisation.slug, team.slug, assessment.pk, area]
    )


def detail_url(assessment):
    team = assessment.team
    return reverse("assessments:detail", args=[team.organisation.slug, team.slug, assessment.pk])


@pytest.fixture
def planned(organisation, team, model_in_use, member, dana):
    """Model creation: one action done by Dana, one open owned by Dana and due soon; people:
    one open action; another team: one action of model creation."""
    due = date.today() + timedelta(days=20)
    take(team, model_in_use, "model-creation.2.2", dana, "done")
    take(team, model_in_use, "model-creation.2.3", member, owner=dana, due=due, title="Track runs")
    take(team, model_in_use, "people.3.3", member, title="Pair with software engineers")
    other = TeamFactory(organisation=organisation, slug="other")
    take(other, model_in_use, "model-creation.2.4", member, title="Version the training code")
    return due


def text(response):
    return " ".join(response.content.decode().split())


def test_the_answering_page_shows_the_teams_actions_of_that_area_only(
    client_for, assessment, member, planned
):
    page = text(client_for(member).get(area_url(assessment, "model-creation")))

    assert "Your team's actions for this area" in page
    assert "Compute managed" in page and "Track runs" in page
    assert "Done" in page and "done on " in page and " by Dana" in page
    assert "Dana Whitlock" in page  # the owner of the open one
    assert "Pair with software engineers" not in page  # another area
    assert "Version the training code" not in page  # another team


def test_an_area_without_actions_shows_no_box(client_for, assessment, member, planned):
    page = text(client_for(member).get(area_url(assessment, "technology")))

    assert "actions for this area" not in page


def test_an_anonymous_assessment_names_nobody_beside_the_actions(
    client_for, assessment, member, planned
):
    Assessment.objects.filter(pk=assessment.pk).update(anonymous=True)

    page = text(client_for(member).get(area_url(assessment, "model-creation")))

    assert "Track runs" in page and "done on " in page
    assert "Dana" not in page


def test_the_box_links_to_the_teams_plan(
    client_for, organisation, team, assessment, member, planned
):
    plan = reverse("plans:plan", args=[organisation.slug, team.slug])
    page = client_for(member).get(area_url(assessment, "model-creation")).content.decode()

    assert f'href="{plan}"' in page


def test_the_answering_page_reads_the_actions_in_one_query_however_many(
    client_for, team, assessment, model_in_use, member, django_assert_max_num_queries
):
    client = client_for(member)
    take(team, model_in_use, "model-creation.2.2", member, "done")
    with django_assert_max_num_queries(40) as few:
        client.get(area_url(assessment, "model-creation"))
    for key in ["model-creation.2.3", "model-creation.2.4", "model-creation.4.2"]:
        take(team, model_in_use, key, member, "done", owner=member)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(area_url(assessment, "model-creation"))
    assert response.status_code == 200


@pytest.fixture
def checked(team, assessment, model_in_use, member, manager, planned):
    take(team, model_in_use, "model-creation.2.3", member, "done")  # the open one, now done
    return answer(assessment, member, submit_by=manager)


def test_the_results_show_the_plan_check(client_for, checked, member):
    page = text(client_for(member).get(detail_url(checked)))

    assert "Plan check" in page
    section = page[page.index("Plan check") :]
    assert "in place</span> Compute managed" in section
    assert f"{DONE}</span> Track runs" in section
    assert "Pair with software engineers" not in section  # not done
    assert "Version the training code" not in section  # another team


def test_a_viewer_sees_the_plan_check(client_for, checked, viewer):
    response = client_for(viewer).get(detail_url(checked))

    assert response.status_code == 200
    assert DONE in text(response)


def test_without_done_actions_there_is_no_plan_check(client_for, assessment, member, manager):
    answer(assessment, member, submit_by=manager)

    assert "Plan check" not in text(client_for(member).get(detail_url(assessment)))


def test_another_organisation_sees_neither_page(client_for, checked, outsider):
    client = client_for(outsider)

    assert client.get(detail_url(checked)).status_code == 404
    assert client.get(area_url(checked, "model-creation")).status_code == 404


def test_the_assessment_pdf_has_the_plan_check(checked, organisation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    report = Report(kind="assessment", organisation=organisation, assessment=checked, language="en")

    data = report_pdf.build_pdf(report)
    pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())

    assert "Plan check" in pdf
    assert f"{DONE} Track runs" in pdf and "in place Compute managed" in pdf
    assert Action.objects.filter(status="done").count() == 2
