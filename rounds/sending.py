"""Sending a round's recorded e-mails (see rounds.mails): each in the reader's language,
locked while it is sent, and marked sent, so that a second task finds it done."""

from __future__ import annotations

import logging
from email.headerregistry import Address
from email.utils import parseaddr

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.reminders import reminders_token
from rounds import recipients
from rounds.models import Mail

logger = logging.getLogger(__name__)

# Which page each kind links to, and which templates it is written with.
PAGES = {
    Mail.Kind.INVITATION: "assessments:answer",
    Mail.Kind.REMINDER: "assessments:answer",
    Mail.Kind.NUDGE: "assessments:answer",
    Mail.Kind.TEAM_DONE: "assessments:detail",
    Mail.Kind.DISAGREEMENT: "assessments:facilitate",
}
TEMPLATES = {Mail.Kind.NUDGE: "reminder"}
REMINDERS = (Mail.Kind.REMINDER, Mail.Kind.NUDGE)


def _url(base_url, path):
    return (base_url or settings.SITE_URL).rstrip("/") + path


def sender(mail: Mail) -> str:
    """ "Mona Manager via Maturity Assessments <noreply@…>" for an invitation (who opened the
    round), "Acme via Maturity Assessments <…>" for the rest; the address DEFAULT_FROM_EMAIL
    names, as accounts.emails sends. In the active language; the name on one line."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    who = mail.round.organisation.name
    if mail.kind == Mail.Kind.INVITATION and mail.round.opened_by is not None:
        who = str(mail.round.opened_by)
    name = gettext("%(inviter)s via %(site)s") % {
        "inviter": who,
        "site": gettext("Maturity Assessments"),
    }
    return str(Address(display_name=" ".join(name.split()), addr_spec=address))


def message_for(
    mail: Mail, base_url: str | None = None, areas_left: int | None = None
) -> EmailMessage:
    round_, team, assessment = mail.round, mail.entry.team, mail.entry.assessment
    organisation = round_.organisation
    context = {
        "mail": mail,
        "round": round_,
        "organisation": organisation,
        "team": team,
        "user": mail.user,
        "url": _url(
            base_url, reverse(PAGES[mail.kind], args=[organisation.slug, team.slug, assessment.pk])
        ),
    }
    headers = {}
    if mail.kind in REMINDERS:
        unsubscribe = _url(
            base_url, reverse("accounts:reminders", args=[reminders_token(mail.user_id)])
        )
        context["unsubscribe_url"] = unsubscribe
        context["areas_left"] = recipients.areas_left(mail) if areas_left is None else areas_left
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
    template = TEMPLATES.get(mail.kind, mail.kind)
    with translation.override(mail.user.language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"rounds/email/{template}_subject.txt", context)
        body = render_to_string(f"rounds/email/{template}_body.txt", context)
        from_email = sender(mail)
    # One line: a label or team name must not break the header.
    return EmailMessage(
        " ".join(subject.split()), body, from_email, [mail.user.email], headers=headers
    )


def send(mail_ids, base_url: str | None = None) -> int:
    """Send the recorded e-mails that are still unsent; returns how many went out.

    Each is locked while it is sent and committed as sent right after, so that another task
    (two beat processes, a redelivered message) skips it: it is being sent, or it was. One
    no longer wanted (the round closed, the person finished or switched reminders off since)
    is dropped. When the mail server refuses one, it and the rest stay unsent, for the beat
    job to queue again."""
    sent = 0
    connection = get_connection()  # opened by the first message, once for all of them
    try:
        for pk in mail_ids:
            with transaction.atomic():
                mail = (
                    Mail.objects.select_for_update(of=("self",), skip_locked=True)
                    .select_related(
                        "user",
                        "round__organisation",
                        "round__opened_by",
                        "entry__team",
                        "entry__assessment",
                    )
                    .filter(pk=pk, sent_at=None)
                    .first()
                )
                if mail is None:
                    continue
                left = recipients.areas_left(mail) if mail.kind in REMINDERS else None
                if not recipients.still_wanted(mail, left):
                    mail.delete()
                    continue
                message = message_for(mail, base_url, areas_left=left)
                message.connection = connection
                try:
                    message.send()
                except Exception:  # the server's refusal, whatever its kind: try again later
                    logger.exception("round e-mail %s not sent", pk)
                    return sent
                Mail.objects.filter(pk=pk).update(sent_at=timezone.now())
                sent += 1
    finally:
        connection.close()
    return sent


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_mails(mail_ids, base_url=None):
    """Queued by rounds.mails in batches once the e-mails are recorded; safe to redeliver."""
    return send(mail_ids, base_url)
