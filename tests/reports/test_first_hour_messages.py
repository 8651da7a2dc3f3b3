"""Small presentation faults of the first hour (issue 15, item 13)."""

import re

import pytest
from django.urls import reverse

from reports.models import Report


@pytest.mark.django_db(transaction=True)
def test_a_report_built_at_once_is_announced_as_ready(client_for, member, organisation, assessment):
    response = client_for(member).post(
        reverse("reports:order", args=[organisation.slug]),
        {"kind": "assessment", "assessment": f"{assessment.team.slug}/{assessment.pk}"},
        follow=True,
    )

    assert Report.objects.get().state == Report.State.DONE
    shown = [str(message) for message in response.context["messages"]]
    assert shown == ["The report is ready: download it below."]


@pytest.mark.django_db
def test_the_models_page_keeps_the_organisations_navigation(client_for, member, organisation):
    page = client_for(member).get(reverse("maturity:list")).content.decode()

    for name in ("orgs:teams", "reports:list"):
        assert f'href="{reverse(name, args=[organisation.slug])}"' in page
    assert f'href="{reverse("organisation", args=[organisation.slug])}"' in page


@pytest.mark.django_db
def test_the_save_time_shows_seconds(client_for, member, organisation, assessment):
    area = assessment.model.areas.order_by("position").first()
    url = reverse(
        "assessments:answer_area",
        args=[organisation.slug, assessment.team.slug, assessment.pk, area.key],
    )
    client = client_for(member)
    client.get(url)
    response = client.post(url, {"level": 1}, HTTP_HX_REQUEST="true")

    status = re.search(r'id="save-status".*?</p>', response.content.decode(), re.S).group(0)
    assert re.search(r"Saved \d\d:\d\d:\d\d", status), status
