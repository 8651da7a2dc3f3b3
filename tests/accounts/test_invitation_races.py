"""Withdrawing an invitation while it is being accepted: exactly one of the two wins
(issue 14, item 10). Each side locks the invitation's row and reads it again."""

import threading
import time

import pytest
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.urls import reverse

from accounts import services
from accounts import views as account_views
from accounts.models import Invitation, Membership, User
from tests.factories import PASSWORD, InvitationFactory


def revoke_url(invitation):
    return reverse("orgs:invitation_revoke", args=[invitation.organisation.slug, invitation.pk])


def accept(invitation):
    return services.invitation_accept(token=invitation.token, name="Quick", password=PASSWORD)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_withdrawing_an_invitation_accepted_since_it_was_loaded_changes_nothing(organisation):
    invitation = InvitationFactory(organisation=organisation, email="quick@example.com")
    stale = Invitation.objects.get(pk=invitation.pk)
    accept(invitation)

    with pytest.raises(services.AccountsError, match="accepted meanwhile"):
        services.invitation_revoke(invitation=stale)

    invitation.refresh_from_db()
    assert invitation.revoked_at is None and invitation.accepted_at is not None
    assert Membership.objects.filter(user__email="quick@example.com").exists()


@pytest.mark.django_db
def test_the_withdraw_button_says_the_invitation_was_accepted_meanwhile(
    client_for, admin, organisation, monkeypatch
):
    invitation = InvitationFactory(organisation=organisation, email="quick@example.com")
    withdraw = services.invitation_revoke

    def accepted_in_between(*, invitation):
        accept(invitation)  # after the view loaded the invitation, before it withdraws it
        return withdraw(invitation=invitation)

    monkeypatch.setattr(services, "invitation_revoke", accepted_in_between)
    response = client_for(admin).post(revoke_url(invitation))

    assert response.status_code == 302
    assert messages_of(response) == [
        "The invitation to quick@example.com was accepted meanwhile: they are a member now."
    ]
    invitation.refresh_from_db()
    assert invitation.revoked_at is None and invitation.accepted_at is not None


@pytest.mark.django_db
def test_accepting_an_invitation_withdrawn_since_the_page_was_loaded_says_so(
    client, organisation, monkeypatch
):
    invitation = InvitationFactory(organisation=organisation, email="late@example.com")
    accept_for_real = account_views.invitation_accept

    def withdrawn_in_between(**kwargs):
        services.invitation_revoke(invitation=Invitation.objects.get(pk=invitation.pk))
        return accept_for_real(**kwargs)

    monkeypatch.setattr(account_views, "invitation_accept", withdrawn_in_between)
    url = reverse("accounts:invitation", args=[invitation.token])
    response = client.post(
        url, {"name": "Late", "password1": PASSWORD, "password2": PASSWORD}, follow=True
    )

    assert response.status_code == 410
    assert "This invitation has been withdrawn." in response.content.decode()
    assert not User.objects.filter(email="late@example.com").exists()


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_waiting_for_an_acceptance_finds_it_accepted(organisation):
    """Two connections: the acceptance holds the row lock; the withdrawal waits for it."""
    invitation = InvitationFactory(organisation=organisation, email="quick@example.com")
    stale = Invitation.objects.get(pk=invitation.pk)
    locked = threading.Event()
    outcome = {}

    def accepting():
        try:
            with transaction.atomic():
                accept(invitation)
                locked.set()
                time.sleep(0.5)  # the withdrawal is now waiting for this transaction
        finally:
            locked.set()
            connection.close()

    def withdrawing():
        locked.wait(10)
        try:
            services.invitation_revoke(invitation=stale)
            outcome["withdrawn"] = True
        except services.AccountsError as error:
            outcome["refused"] = str(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=accepting), threading.Thread(target=withdrawing)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert "accepted meanwhile" in outcome.get("refused", ""), outcome
    invitation.refresh_from_db()
    assert invitation.revoked_at is None and invitation.accepted_at is not None
