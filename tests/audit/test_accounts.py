"""Memberships, roles, teams, invitations and sign-ins appear in the audit log."""

from accounts import services
from accounts.models import Membership
from audit.models import Entry, Kind


def test_team_created_on_the_page_is_logged_with_who_and_from_where(
    client_for, admin, organisation, entries, audit_page
):
    client = client_for(admin)
    response = client.post(
        f"/o/{organisation.slug}/settings/teams/new/",
        {"name": "Vision", "slug": "vision", "description": ""},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    entry = entries(kind=Kind.CREATED, content_type__model="team")[0]
    assert entry.actor == admin
    assert entry.remote_addr == "203.0.113.7"
    assert entry.changes["name"] == [None, "Vision"] or entry.changes["name"][1] == "Vision"
    page = audit_page()
    assert "Vision" in page and "203.0.113.7" in page and str(admin) in page


def test_role_change_shows_before_and_after(
    client_for, admin, member, organisation, entries, audit_page
):
    membership = Membership.objects.get(user=member, organisation=organisation)
    response = client_for(admin).post(
        f"/o/{organisation.slug}/settings/members/{membership.pk}/",
        {"role": "manager", "teams": [team.pk for team in membership.teams.all()]},
    )
    assert response.status_code == 302
    entry = entries(kind=Kind.CHANGED, content_type__model="membership")[0]
    assert entry.changes["role"] == ["member", "manager"]
    assert entry.actor == admin
    page = audit_page(object_kind="accounts.membership", kind="changed")
    assert "role:</span> <del>Team member</del> → Manager" in page


def test_team_membership_change_is_logged(admin, member, organisation, other_team, entries):
    membership = Membership.objects.get(user=member, organisation=organisation)
    services.membership_update(membership=membership, role="member", teams=[other_team])
    changes = [entry.changes for entry in entries(content_type__model="membership")]
    assert any("teams" in change for change in changes)


def test_invitation_and_its_revocation_are_logged(admin, organisation, entries, audit_page):
    invitation = services.invitation_create(
        organisation=organisation, email="new@acme.example", role="viewer", teams=[], by=admin
    )
    services.invitation_revoke(invitation=invitation)
    kinds = [entry.kind for entry in entries(content_type__model="invitation")]
    assert Kind.CREATED in kinds and Kind.REVOKED in kinds
    assert "new@acme.example" in audit_page(kind="revoked")
    assert all("token" not in (e.changes or {}) for e in entries(content_type__model="invitation"))


def test_sign_in_is_logged_in_each_of_the_persons_organisations(
    client, admin, organisation, entries, audit_page
):
    admin.set_password("a long secret phrase")
    admin.save()
    response = client.post(
        "/accounts/login/",
        {"username": admin.email, "password": "a long secret phrase"},
        REMOTE_ADDR="198.51.100.4",
    )
    assert response.status_code == 302
    entry = entries(kind=Kind.SIGNED_IN)[0]
    assert entry.actor == admin and entry.remote_addr == "198.51.100.4"


def test_failed_sign_in_belongs_to_the_named_accounts_organisation_without_the_password(
    client, admin, organisation, entries
):
    client.post(
        "/accounts/login/",
        {"username": admin.email, "password": "wrong horse battery"},
        REMOTE_ADDR="198.51.100.5",
    )
    entry = entries(kind=Kind.SIGN_IN_FAILED)[0]
    assert entry.object_repr == str(admin) and entry.remote_addr == "198.51.100.5"
    assert entry.actor is None
    assert "wrong horse" not in str(entry.changes) + entry.object_repr


def test_failed_sign_in_for_no_account_belongs_to_no_organisation(client, db):
    client.post("/accounts/login/", {"username": "nobody@x.example", "password": "secret one"})
    entry = Entry.objects.get(kind=Kind.SIGN_IN_FAILED)
    assert entry.organisation is None and "nobody" not in entry.object_repr


def test_deleting_an_organisation_takes_its_log_with_it(organisation, admin, team):
    services.team_create(organisation=organisation, name="Gone", slug="gone")
    organisation.delete()
    assert not Entry.objects.filter(organisation_id=organisation.pk).exists()
