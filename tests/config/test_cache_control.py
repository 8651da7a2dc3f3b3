"""Pages with data and downloads say `Cache-Control: private, no-store`; static files do not."""

import pytest
from django.test import Client
from django.urls import reverse

from reports import build
from reports import services as report_services


def no_store(response):
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


@pytest.fixture
def done_report(organisation, assessment, member, manager, settings, tmp_path):
    from assessments import services
    from tests.answers import answer_everything

    settings.MEDIA_ROOT = tmp_path
    answer_everything(assessment, member, level=2)
    services.assessment_submit(assessment=assessment, by=manager)
    report = report_services.report_order(
        organisation=organisation, kind="team", team=assessment.team, by=manager, language="en"
    )
    build.report_build(report.pk)
    return report


@pytest.mark.django_db
def test_pages_and_downloads_of_a_logged_in_user_are_not_stored(
    client_for, manager, organisation, team, done_report
):
    client = client_for(manager)
    urls = [
        reverse("home"),
        reverse("organisation", args=[organisation.slug]),
        reverse("dashboards:team", args=[organisation.slug, team.slug]),
        reverse("reports:list", args=[organisation.slug]),
        reverse("reports:download", args=[organisation.slug, done_report.pk]),
        reverse("reports:export", args=[organisation.slug, "csv"]),
        reverse("reports:export", args=[organisation.slug, "xlsx"]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert no_store(response), (url, response.get("Cache-Control"))


@pytest.mark.django_db
def test_a_refused_page_of_a_logged_in_user_is_not_stored_either(client_for, outsider, team):
    response = client_for(outsider).get(reverse("dashboards:team", args=["acme", team.slug]))

    assert response.status_code == 404 and no_store(response)


@pytest.mark.django_db
def test_static_files_keep_their_caching(settings):
    settings.WHITENOISE_USE_FINDERS = True  # serve from static/ without collectstatic
    settings.WHITENOISE_AUTOREFRESH = True

    response = Client().get("/static/css/app.css")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
