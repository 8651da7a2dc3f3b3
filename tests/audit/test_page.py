"""The audit page: admins only, one organisation's entries, filters, pages, CSV; entries are
never editable (no view changes one, the Django admin only reads)."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services
from audit.events import entry_record
from audit.models import Entry, Kind

pytestmark = pytest.mark.django_db


def page_url(organisation, suffix=""):
    return f"/o/{organisation.slug}/settings/audit/{suffix}"


def test_only_admins_read_the_log_and_outsiders_get_404(
    client_for, organisation, manager, outsider
):
    assert client_for(manager).get(page_url(organisation)).status_code == 403
    assert client_for(outsider).get(page_url(organisation)).status_code == 404
    assert client_for(outsider).get(page_url(organisation, "export.csv")).status_code == 404


def test_another_organisations_entries_are_invisible(
    organisation, other_organisation, outsider, admin, audit_page
):
    services.team_create(organisation=other_organisation, name="Secret Globex", slug="sg")
    services.team_create(organisation=organisation, name="Acme Vision", slug="av")
    page = audit_page()
    assert "Acme Vision" in page and "Secret Globex" not in page


def test_empty_state(organisation, admin, audit_page):
    # The admin's own sign-in is an entry: nothing has been deleted yet.
    assert "No entries match." in audit_page(kind="deleted")


def test_filters_by_person_kind_object_and_date(organisation, admin, manager, audit_page):
    services.team_create(organisation=organisation, name="Team Alpha", slug="alpha")
    entry_record(obj=manager, kind=Kind.SIGNED_IN, organisation_id=organisation.pk, actor=manager)
    assert "Team Alpha" not in audit_page(person=manager.pk)
    assert "Team Alpha" not in audit_page(kind="signed_in")
    assert "Team Alpha" in audit_page(object_kind="accounts.team")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert "Team Alpha" not in audit_page(since=tomorrow.isoformat())
    assert "Team Alpha" in audit_page(until=timezone.localdate().isoformat())
    assert "Team Alpha" in audit_page(person="not a number")  # a bad filter is left out


def test_the_page_is_paginated_and_its_queries_do_not_grow(
    client_for, organisation, admin, django_assert_max_num_queries
):
    for number in range(120):
        services.team_create(organisation=organisation, name=f"Team {number}", slug=f"t{number}")
    client = client_for(admin)
    client.get(page_url(organisation))  # the session's first write
    with django_assert_max_num_queries(12):
        response = client.get(page_url(organisation), {"page": 2})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 50
    assert "Page 2 of" in response.content.decode()


def test_csv_export_of_the_filtered_entries_is_safe_for_spreadsheets(
    client_for, organisation, admin
):
    services.team_create(organisation=organisation, name="=HYPERLINK(1)", slug="formula")
    response = client_for(admin).get(
        page_url(organisation, "export.csv"), {"object_kind": "accounts.team"}
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "When"
    assert any("'=HYPERLINK(1)" in cell for row in rows[1:] for cell in row)
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_no_view_changes_an_entry(client_for, organisation, admin):
    services.team_create(organisation=organisation, name="Kept", slug="kept")
    response = client_for(admin).post(page_url(organisation), {"kind": "deleted"})
    assert response.status_code == 405


def test_the_django_admin_only_reads_entries(admin_client, organisation):
    services.team_create(organisation=organisation, name="Kept", slug="kept")
    entry = Entry.objects.filter(organisation=organisation).first()
    changelist = admin_client.get(reverse("admin:audit_entry_changelist"))
    assert changelist.status_code == 200
    assert admin_client.get(reverse("admin:audit_entry_add")).status_code == 403
    change = admin_client.get(reverse("admin:audit_entry_change", args=[entry.pk]))
    assert change.status_code == 200 and change.context["has_change_permission"] is False
    assert (
        admin_client.post(reverse("admin:audit_entry_delete", args=[entry.pk])).status_code == 403
    )
    assert (
        admin_client.post(
            reverse("admin:audit_entry_change", args=[entry.pk]), {"object_repr": "forged"}
        ).status_code
        == 403
    )
    entry.refresh_from_db()
    assert entry.object_repr == "Kept"
