"""The beat jobs of rounds, run every few minutes by Celery beat (`rounds.tasks.run_round_jobs`)
or once by `manage.py run_round_jobs` (cron, or by hand without Redis).

Every step is safe to run twice at the same time (two beat processes): e-mails are recorded
under a unique key before they are sent, and sent under a row lock; a deadline is dealt with
under the round's lock. Each step commits on its own, so that one failing leaves the others
done.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from rounds import mails, services
from rounds.models import Round

logger = logging.getLogger(__name__)
# An e-mail recorded this long ago and still unsent was not sent when first queued.
STUCK = datetime.timedelta(minutes=10)


def invitations(today=None) -> list[int]:
    """Invite the respondents of scheduled rounds whose opening day has come."""
    today = today or timezone.localdate()
    due = Round.objects.filter(
        invited_at=None,
        closed_at=None,
        deadline_passed_at=None,
        opens_on__lte=today,
        deadline__gte=today,
    )
    opened = []
    for round_ in due:
        with transaction.atomic():
            mails.invite(round_)
        opened.append(round_.pk)
    return opened


def reminders(today=None) -> list[int]:
    """Record the reminders due today, and queue those recorded now (by this run, or by
    another at the same moment); earlier ones are sent or waiting in the queue already."""
    started = timezone.now()
    with transaction.atomic():
        rounds = mails.reminders_record(today)
        mails.queue(round_ids=rounds, since=started)
        return rounds


def notes(assessment_ids=None) -> list[int]:
    """Record and queue the notes to facilitators that are due."""
    started = timezone.now()
    with transaction.atomic():
        rounds = mails.notes_record(assessment_ids)
        mails.queue(round_ids=rounds, since=started)
        return rounds


def deadlines() -> list[int]:
    passed = []
    for round_ in services.due_deadlines():
        services.deadline_pass(round_)
        passed.append(round_.pk)
    return passed


def run() -> dict[str, int]:
    """Everything that is due, in order: invitations, deadlines, reminders, notes to
    facilitators; then the e-mails left unsent for a while (the broker or the mail server
    was down) are queued again."""
    done = {
        "invited": len(invitations()),
        "deadlines": len(deadlines()),
        "reminded": len(reminders()),
        "noted": len(notes()),
    }
    with transaction.atomic():
        done["requeued"] = mails.queue(waiting=STUCK)
    logger.info("round jobs: %s", done)
    return done
