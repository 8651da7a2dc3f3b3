"""Limits on the e-mails one person can make the site send (issue 14, item 12).

Invitations are counted from their rows, per sender and per address; password resets in
the cache (django-ratelimit), per address asked for and per client address.
"""

import re
from datetime import timedelta

import pytest
import redis
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation
from tests.factories import InvitationFactory

TOO_MANY_RESETS = "too many requests for a new password"


@pytest.fixture
def invite(client_for, django_capture_on_commit_callbacks):
    def post(user, organisation, email):
        with django_capture_on_commit_callbacks(execute=True):
            return client_for(user).post(
                reverse("orgs:invitation_create", args=[organisation.slug]),
                {"email": email, "role": "member"},
            )

    return post


# --- invitations ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_person_sends_at_most_so_many_invitations_an_hour(
    invite, admin, organisation, settings
):
    settings.INVITATIONS_PER_SENDER_PER_HOUR = 2
    for n in range(2):
        assert invite(admin, organisation, f"p{n}@example.com").status_code == 302

    refused = invite(admin, organisation, "p2@example.com")

    assert refused.status_code == 200
    assert "You have sent 2 invitations in the last hour, as many as allowed." in str(
        refused.context["form"].errors["email"]
    )
    assert not Invitation.objects.filter(email="p2@example.com").exists()
    assert len(mail.outbox) == 2

    Invitation.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    assert invite(admin, organisation, "p2@example.com").status_code == 302
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_one_address_gets_at_most_so_many_invitations_an_hour_from_all_organisations(
    invite, admin, organisation, outsider, other_organisation, settings
):
    settings.INVITATIONS_PER_ADDRESS_PER_HOUR = 3
    for _ in range(2):  # withdrawn ones count too: each sent an e-mail
        InvitationFactory(
            organisation=organisation, email="target@example.com", revoked_at=timezone.now()
        )
    assert invite(outsider, other_organisation, "target@example.com").status_code == 302

    refused = invite(admin, organisation, "Target@Example.com")

    assert refused.status_code == 200
    assert "target@example.com has been invited too often in the last hour." in str(
        refused.context["form"].errors["email"]
    )
    assert Invitation.objects.filter(email="target@example.com").count() == 3
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_limit_of_zero_is_no_limit(invite, admin, organisation, settings):
    settings.INVITATIONS_PER_SENDER_PER_HOUR = 0
    settings.INVITATIONS_PER_ADDRESS_PER_HOUR = 0
    InvitationFactory.create_batch(5, organisation=organisation, email="x@example.com")

    assert invite(admin, organisation, "x@example.com").status_code == 302
    assert len(mail.outbox) == 1


# --- password resets --------------------------------------------------------------------------


def ask_reset(client, email, address="127.0.0.1"):
    """The page one gets after asking (the redirect followed, so its messages are shown)."""
    response = client.post(
        reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=address, follow=True
    )
    assert response.redirect_chain == [(reverse("accounts:password_reset_done"), 302)]
    return response


def without_tokens(page):
    return re.sub(r'("X-CSRFToken": |name="csrfmiddlewaretoken" value=)"[^"]*"', "", page)


def told_too_many(response):
    return TOO_MANY_RESETS in response.content.decode().lower()


@pytest.mark.django_db
def test_password_reset_emails_to_one_address_are_limited(client, member, settings):
    settings.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = 3
    for n in range(3):
        assert not told_too_many(ask_reset(client, member.email, address=f"10.0.0.{n}"))

    refused = ask_reset(client, member.email.upper(), address="10.0.0.9")

    assert told_too_many(refused)
    assert "If an account exists for this address" in refused.content.decode()
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_password_reset_requests_from_one_client_are_limited(client, member, settings):
    settings.PASSWORD_RESETS_PER_CLIENT_PER_HOUR = 2
    ask_reset(client, "nobody@example.com")
    ask_reset(client, "nobody.else@example.com")

    refused = ask_reset(client, member.email)
    elsewhere = ask_reset(client, member.email, address="192.0.2.7")

    assert told_too_many(refused)
    assert not told_too_many(elsewhere)
    assert [message.to for message in mail.outbox] == [[member.email]]


@pytest.mark.django_db
def test_the_limit_does_not_tell_which_addresses_have_an_account(client, member, settings):
    settings.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = 2

    def answers(email, address):
        responses = [ask_reset(client, email, address) for _ in range(4)]
        return [(r.status_code, without_tokens(r.content.decode())) for r in responses]

    assert answers(member.email, "10.0.0.1") == answers("nobody@example.com", "10.0.0.2")
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_password_reset_works_while_the_cache_fails(client, member, monkeypatch, settings):
    import django_ratelimit.core

    class FailingCache:
        def __getattr__(self, name):
            def call(*args, **kwargs):
                raise redis.exceptions.ConnectionError("Error 111 connecting. Connection refused.")

            return call

    settings.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = 1
    monkeypatch.setattr(django_ratelimit.core, "caches", {"default": FailingCache()})
    for _ in range(2):
        assert not told_too_many(ask_reset(client, member.email))

    assert len(mail.outbox) == 2
