from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, Membership, User
from tests.factories import PASSWORD, InvitationFactory, UserFactory


def invite_url(organisation):
    return reverse("orgs:invitation_create", args=[organisation.slug])


def accept_url(invitation):
    return reverse("accounts:invitation", args=[invitation.token])


@pytest.mark.django_db
def test_admin_invites_by_email_with_role_and_teams(
    client_for, admin, organisation, team, django_capture_on_commit_callbacks
):
    client = client_for(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invite_url(organisation),
            {"email": "New.Person@Example.com", "role": "member", "teams": [team.pk]},
        )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, list(invitation.teams.all())) == (
        "new.person@example.com",
        "member",
        [team],
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.com"]
    assert accept_url(invitation) in mail.outbox[0].body
    invitation.refresh_from_db()
    assert invitation.email_sent_at is not None


@pytest.mark.django_db
def test_invitation_email_is_in_the_inviters_language(
    client_for, admin, organisation, django_capture_on_commit_callbacks
):
    client = client_for(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            invite_url(organisation),
            {"email": "neu@example.com", "role": "viewer"},
            HTTP_ACCEPT_LANGUAGE="de",
        )

    assert "Einladung" in mail.outbox[0].body or "einladen" in mail.outbox[0].body


@pytest.mark.django_db
def test_sending_the_invitation_twice_sends_one_email(organisation):
    from accounts.emails import send_invitation

    invitation = InvitationFactory(organisation=organisation)

    assert send_invitation(invitation.pk) is True
    assert send_invitation(invitation.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{"email": "not an address", "role": "member"}, {"role": "boss"}])
def test_invalid_invitation_shows_errors_and_creates_nothing(client_for, admin, organisation, data):
    response = client_for(admin).post(invite_url(organisation), data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Invitation.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_inviting_an_existing_member_is_refused(client_for, admin, member, organisation):
    response = client_for(admin).post(
        invite_url(organisation), {"email": member.email.upper(), "role": "viewer"}
    )

    assert "already a member" in str(response.context["form"].errors["email"])
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_invitation_cannot_name_another_organisations_team(
    client_for, admin, organisation, outsider, other_organisation
):
    from tests.factories import TeamFactory

    foreign_team = TeamFactory(organisation=other_organisation)

    response = client_for(admin).post(
        invite_url(organisation),
        {"email": "x@example.com", "role": "member", "teams": [foreign_team.pk]},
    )

    assert "teams" in response.context["form"].errors
    assert not Invitation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["manager", "member", "viewer"])
def test_only_admins_invite(client_for, organisation, role, request):
    user = request.getfixturevalue(role)

    response = client_for(user).post(
        invite_url(organisation), {"email": "x@example.com", "role": "admin"}
    )

    assert response.status_code == 403
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_accepting_creates_the_account_and_membership(client, organisation, team):
    invitation = InvitationFactory(
        organisation=organisation, email="new@example.com", role="viewer", teams=[team]
    )

    response = client.post(
        accept_url(invitation), {"name": "New Person", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 302
    user = User.objects.get(email="new@example.com")
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (organisation, "viewer")
    assert list(membership.teams.all()) == [team]
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert (
        client.get(reverse("dashboards:team", args=[organisation.slug, team.slug])).status_code
        == 200
    )


@pytest.mark.django_db
def test_accepting_with_bad_password_shows_error_and_creates_nothing(client, organisation):
    invitation = InvitationFactory(organisation=organisation, email="new@example.com")

    response = client.post(
        accept_url(invitation), {"name": "New", "password1": "short", "password2": "short"}
    )

    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert not User.objects.filter(email="new@example.com").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_invitation_address_with_nul_is_no_invitation(client, organisation, method):
    """PostgreSQL cannot compare a text with NUL: the address is a 404, not a server error."""
    InvitationFactory(organisation=organisation)

    assert getattr(client, method)("/accounts/invitations/a%00b/").status_code == 404


@pytest.mark.django_db
def test_existing_account_attaches_when_logged_in(client_for, organisation, outsider):
    invitation = InvitationFactory(organisation=organisation, email=outsider.email, role="manager")

    response = client_for(outsider).post(accept_url(invitation))

    assert response.status_code == 302
    assert outsider.memberships.get(organisation=organisation).role == "manager"
    assert outsider.memberships.count() == 2


@pytest.mark.django_db
def test_existing_account_is_asked_to_log_in_first(client, organisation, outsider):
    invitation = InvitationFactory(organisation=organisation, email=outsider.email)

    page = client.get(accept_url(invitation))
    client.post(accept_url(invitation), {"name": "x", "password1": PASSWORD, "password2": PASSWORD})

    assert page.context["has_account"]
    assert "Log in to accept" in page.content.decode()
    assert outsider.memberships.count() == 1
    outsider.refresh_from_db()
    assert outsider.check_password(PASSWORD)


@pytest.mark.django_db
def test_invitation_for_someone_else_is_refused(client_for, organisation):
    invitation = InvitationFactory(organisation=organisation, email="intended@example.com")
    somebody = UserFactory(email="somebody@example.com")

    client = client_for(somebody)
    page = client.get(accept_url(invitation))
    client.post(accept_url(invitation))

    assert page.context["wrong_user"]
    assert not somebody.memberships.exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.django_db
def test_expired_invitation_says_so_and_does_nothing(client, organisation):
    invitation = InvitationFactory(
        organisation=organisation, expires_at=timezone.now() - timedelta(minutes=1)
    )

    response = client.post(
        accept_url(invitation), {"name": "x", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()


@pytest.mark.django_db
def test_used_invitation_cannot_be_used_again(client, organisation):
    invitation = InvitationFactory(organisation=organisation, email="once@example.com")
    data = {"name": "Once", "password1": PASSWORD, "password2": PASSWORD}
    client.post(accept_url(invitation), data)
    client.post(reverse("accounts:logout"))

    again = client.post(accept_url(invitation), data)

    assert again.status_code == 410
    assert "used already" in again.content.decode()
    assert Membership.objects.filter(user__email="once@example.com").count() == 1


@pytest.mark.django_db
def test_withdrawn_invitation_cannot_be_used(client_for, admin, organisation):
    invitation = InvitationFactory(organisation=organisation)
    client_for(admin).post(
        reverse("orgs:invitation_revoke", args=[organisation.slug, invitation.pk])
    )
    client_for(admin).post(reverse("accounts:logout"))

    response = client_for(UserFactory(email=invitation.email)).get(accept_url(invitation))

    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()


@pytest.mark.django_db
def test_unknown_invitation_token_is_404(client):
    assert client.get(reverse("accounts:invitation", args=["no-such-token"])).status_code == 404


@pytest.mark.django_db
def test_another_organisations_admin_cannot_touch_the_invitation(
    client_for, organisation, outsider, other_organisation
):
    invitation = InvitationFactory(organisation=organisation)
    client = client_for(outsider)

    # Not through their own organisation's address, not through this one's.
    for org in (other_organisation, organisation):
        url = reverse("orgs:invitation_revoke", args=[org.slug, invitation.pk])
        assert client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


@pytest.mark.django_db
def test_accepting_gives_access_to_the_inviting_organisation_only(
    client, organisation, other_organisation
):
    invitation = InvitationFactory(organisation=organisation, email="new@example.com")
    client.post(accept_url(invitation), {"name": "N", "password1": PASSWORD, "password2": PASSWORD})

    assert client.get(reverse("organisation", args=[organisation.slug])).status_code == 200
    assert client.get(reverse("organisation", args=[other_organisation.slug])).status_code == 404


@pytest.mark.django_db
def test_invitation_email_is_sent_only_when_the_transaction_commits(
    admin, organisation, django_capture_on_commit_callbacks
):
    from accounts.services import invitation_create

    with django_capture_on_commit_callbacks() as callbacks:
        invitation_create(
            organisation=organisation, email="later@example.com", role="member", teams=[], by=admin
        )
        assert mail.outbox == []  # nothing is sent for a transaction that may still roll back

    assert len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [["later@example.com"]]
