"""Reports are shown in the Django admin, read-only: the app orders, builds and serves them."""

import pytest
from django.urls import reverse

from reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(organisation, team, manager):
    return Report.objects.create(
        organisation=organisation,
        kind=Report.Kind.TEAM,
        team=team,
        ordered_by=manager,
        state=Report.State.DONE,
        file="reports/2026/12/fraud-ml.pdf",
    )


def test_reports_are_listed_and_shown_without_a_file_link(admin_client, report):
    assert admin_client.get(reverse("admin:reports_report_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:reports_report_change", args=[report.pk]))

    assert page.status_code == 200 and page.context["has_change_permission"] is False
    assert "reports/2026/12/fraud-ml.pdf" in page.content.decode()
    assert 'href="/media/' not in page.content.decode()


def test_reports_are_not_added_changed_or_deleted_in_the_admin(admin_client, report):
    change = reverse("admin:reports_report_change", args=[report.pk])
    assert admin_client.post(change, {"state": "failed"}).status_code == 403
    assert admin_client.get(reverse("admin:reports_report_add")).status_code == 403
    delete = reverse("admin:reports_report_delete", args=[report.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    report.refresh_from_db()
    assert report.state == Report.State.DONE
