"""Inviting while the e-mail queue is down (issue 14, item 9): the invitation is saved, the
admin is told its e-mail could not be sent, and "Send again" sends it once the queue is back.

The queue is made unreachable as the report tests do: the task's `delay` raises kombu's
OperationalError, which is what Celery raises when it cannot reach Redis. These tests run
with real commits (transaction=True), so that the e-mail is handed over inside the request,
as on the site.
"""

import smtplib
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts import emails, tasks
from accounts.models import Invitation
from tests.factories import InvitationFactory, UserFactory

NOT_SENT = "was saved, but its e-mail could not be sent"


@pytest.fixture
def queue_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.send_invitation_email, "delay", refuse)


def members_url(organisation):
    return reverse("orgs:settings_members", args=[organisation.slug])


def resend_url(invitation):
    return reverse("orgs:invitation_resend", args=[invitation.organisation.slug, invitation.pk])


def invite(client, organisation, email="new@example.com"):
    return client.post(
        reverse("orgs:invitation_create", args=[organisation.slug]),
        {"email": email, "role": "member"},
        follow=True,
    )


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.django_db(transaction=True)
def test_inviting_while_the_queue_is_down_saves_the_invitation_and_says_so(
    client_for, admin, organisation, queue_down
):
    response = invite(client_for(admin), organisation)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == members_url(organisation)
    page = response.content.decode()
    assert "The invitation to new@example.com was saved, but its e-mail could not be sent." in page
    assert "not sent" in page and "Send again" in page
    invitation = Invitation.objects.get()
    assert f'action="{resend_url(invitation)}"' in page
    assert invitation.email == "new@example.com" and invitation.email_sent_at is None
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_failure_in_process_is_no_server_error_either(
    client_for, admin, organisation, monkeypatch
):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPConnectError(421, "Service not available")

    monkeypatch.setattr(emails, "send_mail", refuse)
    response = invite(client_for(admin), organisation)

    assert response.status_code == 200
    assert NOT_SENT in response.content.decode()
    assert Invitation.objects.get().email_sent_at is None


@pytest.mark.django_db(transaction=True)
def test_send_again_sends_the_email_once_the_queue_is_back(client_for, admin, organisation):
    invitation = InvitationFactory(organisation=organisation, email="later@example.com")
    client = client_for(admin)

    response = client.post(resend_url(invitation), follow=True)

    assert messages_of(response) == ["The invitation to later@example.com has been sent again."]
    assert [message.to for message in mail.outbox] == [["later@example.com"]]
    invitation.refresh_from_db()
    assert invitation.email_sent_at is not None
    page = response.content.decode()
    assert f'action="{resend_url(invitation)}"' not in page and "not sent" not in page

    again = client.post(resend_url(invitation), follow=True)
    assert messages_of(again) == [
        "The invitation e-mail to later@example.com has been sent already."
    ]
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_send_again_while_the_queue_is_still_down_says_so(
    client_for, admin, organisation, queue_down
):
    invitation = InvitationFactory(organisation=organisation, email="later@example.com")

    response = client_for(admin).post(resend_url(invitation), follow=True)

    assert response.status_code == 200
    assert NOT_SENT in messages_of(response)[0]
    invitation.refresh_from_db()
    assert invitation.email_sent_at is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "message"),
    [
        ({"revoked_at": timezone.now()}, "has been withdrawn"),
        ({"accepted_at": timezone.now()}, "was accepted meanwhile"),
        ({"expires_at": timezone.now() - timedelta(minutes=1)}, "has expired"),
        ({"email_sent_at": timezone.now()}, "has been sent already"),
    ],
)
def test_send_again_refuses_an_invitation_that_is_not_waiting_for_its_email(
    client_for, admin, organisation, django_capture_on_commit_callbacks, state, message
):
    invitation = InvitationFactory(organisation=organisation, **state)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin).post(resend_url(invitation))

    assert response.status_code == 302
    assert message in messages_of(response)[0]
    assert mail.outbox == []


@pytest.mark.django_db
def test_another_organisations_admin_cannot_send_the_invitation(
    client_for, organisation, outsider, other_organisation, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(organisation=organisation)
    client = client_for(outsider)

    with django_capture_on_commit_callbacks(execute=True):
        for org in (other_organisation, organisation):
            url = reverse("orgs:invitation_resend", args=[org.slug, invitation.pk])
            assert client.post(url).status_code == 404
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_members_page_shows_which_invitations_were_not_sent(client_for, admin, organisation):
    sent = InvitationFactory(
        organisation=organisation, email="sent@example.com", email_sent_at=timezone.now()
    )
    unsent = InvitationFactory(
        organisation=organisation, email="unsent@example.com", invited_by=UserFactory()
    )

    page = client_for(admin).get(members_url(organisation)).content.decode()

    assert f'action="{resend_url(unsent)}"' in page
    assert f'action="{resend_url(sent)}"' not in page
    assert page.count(">not sent<") == 1
