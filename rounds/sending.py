"""Sending a round's recorded e-mails (see rounds.mails): each in the reader's language,
locked while it is sent, and marked sent, so that a second task finds it done."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from rounds.models import Mail


def _url(base_url, path):
    return (base_url or settings.SITE_URL).rstrip("/") + path


def message_for(mail: Mail, base_url: str | None = None) -> EmailMessage:
    assessment = mail.entry.assessment
    team = mail.entry.team
    context = {
        "mail": mail,
        "round": mail.round,
        "organisation": mail.round.organisation,
        "team": team,
        "user": mail.user,
        "url": _url(
            base_url,
            reverse(
                "assessments:answer", args=[mail.round.organisation.slug, team.slug, assessment.pk]
            ),
        ),
    }
    with translation.override(mail.user.language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"rounds/email/{mail.kind}_subject.txt", context)
        body = render_to_string(f"rounds/email/{mail.kind}_body.txt", context)
    return EmailMessage(
        " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [mail.user.email]
    )


def send(mail_ids, base_url: str | None = None) -> int:
    """Send the recorded e-mails that are still unsent; returns how many went out."""
    sent = 0
    with get_connection() as connection:
        for pk in mail_ids:
            with transaction.atomic():
                mail = (
                    Mail.objects.select_for_update(of=("self",))
                    .select_related(
                        "user", "round__organisation", "entry__team", "entry__assessment"
                    )
                    .filter(pk=pk, sent_at=None)
                    .first()
                )
                if mail is None:
                    continue
                message = message_for(mail, base_url)
                message.connection = connection
                message.send()
                mail.sent_at = timezone.now()
                mail.save(update_fields=["sent_at"])
                sent += 1
    return sent
