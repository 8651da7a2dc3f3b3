"""A round's e-mails: recorded as `Mail` rows first (one per person, kind and key, unique), then
sent by Celery tasks that lock each row and skip one already sent, so that every e-mail goes
out at most once, however often the beat job or a task runs."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from rounds.models import Mail, Respondent, Round

BATCH = 100


def invite(round_: Round, base_url: str | None = None) -> None:
    """Record an invitation for every respondent of the round who has none yet, and send them
    once the transaction commits."""
    respondents = Respondent.objects.filter(entry__round=round_).values_list("entry_id", "user_id")
    Mail.objects.bulk_create(
        [
            Mail(round=round_, entry_id=entry_id, user_id=user_id, kind=Mail.Kind.INVITATION)
            for entry_id, user_id in respondents.iterator(chunk_size=2000)
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )
    if round_.invited_at is None:
        round_.invited_at = timezone.now()
        Round.objects.filter(pk=round_.pk).update(invited_at=round_.invited_at)
    queue_unsent(round_, base_url)


def queue_unsent(round_: Round, base_url: str | None = None) -> None:
    """Queue the round's unsent e-mails in batches, once the transaction commits."""
    from rounds.tasks import send_mails

    ids = list(Mail.objects.filter(round=round_, sent_at=None).values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        transaction.on_commit(lambda batch=batch: send_mails.delay(batch, base_url))


def nudge(round_: Round, entries=None, base_url: str | None = None) -> int:
    """A manager's "remind now": one reminder today to each respondent of the chosen entries
    (all of the round's by default) who has not finished. At most one a person a day: a second
    click the same day records and sends nothing. Returns how many were recorded."""
    raise NotImplementedError  # rounds-mail helper: pick the unfinished respondents, record
