"""One click on a roadmap item makes it an action (plans:take); the roadmap on the results
page and the team dashboard shows the button, or the action it has; the PDF shows neither."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from assessments import services as assessment_services
from maturity.interchange import import_model
from plans.models import Action
from reports import pdf as report_pdf
from reports.models import Report
from tests.plans.plan_helpers import characteristic, submit

pytestmark = pytest.mark.django_db


def url(name, team, *args):
    return reverse(f"plans:{name}", args=[team.organisation.slug, team.slug, *args])


def said(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def submitted(assessment, member, manager):
    return submit(assessment, member, manager, level=1)


def test_taking_a_roadmap_item_leads_to_its_edit_page(
    client_for, team, member, model_in_use, submitted
):
    item = characteristic(model_in_use, "model-creation.2.2")
    client = client_for(member)
    data = {"characteristic": item.pk, "assessment": submitted.pk}
    response = client.post(url("take", team), data)
    action = Action.objects.get()
    assert response["Location"] == url("edit", team, action.pk)
    assert "Action created; set its owner and due date." in said(response)
    assert (action.characteristic, action.assessment, action.title) == (item, submitted, item.text)
    again = client.post(url("take", team), data)  # a double click
    assert again["Location"] == url("edit", team, action.pk)
    assert Action.objects.count() == 1
    assert client.get(url("take", team)).status_code == 405


def test_taking_refuses_what_is_not_the_team_s(
    client_for,
    team,
    other_team,
    member,
    manager,
    model_in_use,
    other_organisation,
    mini_data,
    submitted,
):
    foreign_model = import_model(mini_data, organisation=other_organisation, status="published")
    foreign_item = foreign_model.characteristics.first()
    own_model = import_model(mini_data, organisation=team.organisation, status="published")
    item = characteristic(model_in_use, "people.2.1")
    theirs = assessment_services.assessment_start(
        team=other_team, model=model_in_use, label="Q1", date=datetime.date(2026, 11, 1), by=manager
    )
    client = client_for(member)
    for data in (
        {"characteristic": foreign_item.pk},
        {"characteristic": "abc"},
        {"characteristic": ""},
        {"characteristic": item.pk, "assessment": theirs.pk},
        {"characteristic": item.pk, "assessment": "x"},
        # An item of another model than the assessment whose roadmap it is said to be from.
        {"characteristic": own_model.characteristics.first().pk, "assessment": submitted.pk},
    ):
        assert client.post(url("take", team), data).status_code == 404, data
    assert not Action.objects.exists()


def test_the_roadmap_offers_to_make_actions_and_then_shows_them(
    client_for, team, member, viewer, model_in_use, submitted
):
    item = characteristic(model_in_use, "model-creation.2.2")
    client = client_for(member)
    results = reverse("assessments:detail", args=[team.organisation.slug, team.slug, submitted.pk])
    dashboard = reverse("dashboards:team", args=[team.organisation.slug, team.slug])
    for address in (results, dashboard):
        page = client.get(address).content.decode()
        assert "Make it an action" in page and f'name="assessment" value="{submitted.pk}"' in page
        assert url("plan", team) in page or address == results
    client.post(url("take", team), {"characteristic": item.pk, "assessment": submitted.pk})
    action = Action.objects.get()
    page = client.get(dashboard).content.decode()
    assert "Action: Open" in page and url("edit", team, action.pk) in page
    read_only = client_for(viewer).get(dashboard).content.decode()
    assert "Make it an action" not in read_only and "Action: Open" in read_only
    assert f"{url('plan', team)}#action-{action.pk}" in read_only


def test_the_pdf_shows_no_buttons(team, member, model_in_use, submitted):
    report = Report(
        kind="assessment", assessment=submitted, organisation=team.organisation, language="en"
    )
    html = report_pdf.render_html(report)
    assert "Roadmap to the next level" in html
    assert "Make it an action" not in html and "<form" not in html
