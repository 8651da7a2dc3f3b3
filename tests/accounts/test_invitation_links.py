"""Invitation links point where the inviter reached the site; SITE_URL only without a request
(issue 15, item 1)."""

import os
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from accounts.emails import send_invitation
from accounts.models import Invitation
from tests.factories import InvitationFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_an_invitation_links_to_the_address_the_inviter_used(
    client_for, admin, organisation, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "http://127.0.0.1:8000"
    with django_capture_on_commit_callbacks(execute=True):
        client_for(admin).post(
            reverse("orgs:invitation_create", args=[organisation.slug]),
            {"email": "new@example.com", "role": "member"},
            HTTP_HOST="127.0.0.1:8101",
        )

    invitation = Invitation.objects.get()
    link = "http://127.0.0.1:8101" + reverse("accounts:invitation", args=[invitation.token])
    [message] = mail.outbox
    assert link in message.body
    assert ":8000" not in message.body


@pytest.mark.django_db
def test_send_again_links_to_the_address_the_inviter_used(
    client_for, admin, organisation, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(organisation=organisation, invited_by=admin)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(admin).post(
            reverse("orgs:invitation_resend", args=[organisation.slug, invitation.pk]),
            HTTP_HOST="localhost:8101",
        )

    [message] = mail.outbox
    assert "http://localhost:8101" + reverse("accounts:invitation", args=[invitation.token]) in (
        message.body
    )


@pytest.mark.django_db
def test_a_worker_without_a_request_links_to_site_url(settings):
    settings.SITE_URL = "https://assess.example.com/"
    invitation = InvitationFactory()

    assert send_invitation(invitation.pk)

    path = reverse("accounts:invitation", args=[invitation.token])
    assert f"https://assess.example.com{path}" in mail.outbox[0].body


def test_make_run_sets_site_url_from_the_port():
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8101"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    runserver = next(line for line in dry_run.stdout.splitlines() if "runserver" in line)
    assignments = runserver.split(".venv/bin/python")[0]
    shown = subprocess.run(  # as make's shell runs it, with no SITE_URL of its own
        ["sh", "-c", f"{assignments} sh -c 'echo $SITE_URL'"],
        env={"PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.strip() == "http://127.0.0.1:8101"
