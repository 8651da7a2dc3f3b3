"""Nobody sees, or can guess their way to, another organisation's pages.

The walk over every URL of the project is in tests/security/test_url_walk.py."""

import pytest
from django.urls import reverse

from tests.factories import InvitationFactory, MembershipFactory


@pytest.mark.django_db
def test_foreign_object_through_own_organisation_is_404(
    client_for, outsider, organisation, other_organisation, team, member
):
    """Using one's own organisation's address with another organisation's ids."""
    client = client_for(outsider)
    membership = member.memberships.get()
    invitation = InvitationFactory(organisation=organisation)
    own = other_organisation.slug

    assert client.get(reverse("dashboards:team", args=[own, team.slug])).status_code == 404
    assert client.get(reverse("orgs:team_edit", args=[own, team.slug])).status_code == 404
    assert client.get(reverse("orgs:member_edit", args=[own, membership.pk])).status_code == 404
    assert client.post(reverse("orgs:member_remove", args=[own, membership.pk])).status_code == 404
    assert (
        client.post(reverse("orgs:invitation_revoke", args=[own, invitation.pk])).status_code == 404
    )
    assert member.memberships.count() == 1


@pytest.mark.django_db
def test_user_of_two_organisations_switches_between_them(
    client_for, admin, organisation, other_organisation
):
    MembershipFactory(user=admin, organisation=other_organisation, role="viewer")
    client = client_for(admin)

    switcher = client.get(reverse("orgs:list"))
    assert {org.slug for org, _role in switcher.context["rows"]} == {"acme", "globex"}

    page = client.get(reverse("organisation", args=["globex"]))
    assert page.status_code == 200
    assert [o.slug for o in page.context["my_organisations"]] == ["acme", "globex"]
    # The start page remembers the organisation last used.
    assert client.get("/")["Location"] == reverse("organisation", args=["globex"])
    client.get(reverse("organisation", args=["acme"]))
    assert client.get("/")["Location"] == reverse("organisation", args=["acme"])


@pytest.mark.django_db
def test_settings_are_for_admins_only(client_for, organisation, manager, member, viewer, admin):
    url = reverse("orgs:settings", args=[organisation.slug])
    for user in (manager, member, viewer):
        assert client_for(user).get(url).status_code == 403
    response = client_for(admin).post(url, {"name": "Acme Europe"})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Acme Europe"


@pytest.mark.django_db
def test_settings_link_is_shown_to_admins_only(client_for, organisation, admin, manager):
    url = reverse("organisation", args=[organisation.slug])
    settings_url = reverse("orgs:settings", args=[organisation.slug])

    link = f'href="{settings_url}"'
    assert link in client_for(admin).get(url).content.decode()
    assert link not in client_for(manager).get(url).content.decode()
