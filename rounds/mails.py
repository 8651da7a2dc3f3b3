"""A round's e-mails: recorded as `Mail` rows first (one per person, kind and key, unique), then
sent by Celery tasks that lock each row and skip one already sent, so that every e-mail goes
out at most once, however often the beat job or a task runs.

Each function records in a fixed number of queries however many respondents (bulk inserts
that skip what is recorded already), and queues the sending once the transaction commits.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, Max, Min, OuterRef
from django.utils import timezone

from assessments import selectors as assessment_selectors
from assessments.models import AgreedAnswer, Answer, Assessment
from rounds.models import Entry, Mail, Respondent, Round
from rounds.recipients import open_rounds, reminder_due, reminder_key, to_remind, unfinished
from rounds.sending import send_mails

BATCH = 100  # e-mails a task sends
INSERT_BATCH = 2000
# An e-mail still unsent after this long (the mail server refused it) is not tried again: a
# reminder days late helps nobody.
RETRY_FOR = datetime.timedelta(days=2)


def _record(rows: Iterable[tuple[int, int, int]], kind: str, keys: dict[int, str]) -> None:
    """Mail rows for (round id, entry id, user id), the key per round; those recorded already
    are left as they are (the unique constraint decides, also between two processes)."""
    Mail.objects.bulk_create(
        (
            Mail(
                round_id=round_id, entry_id=entry_id, user_id=user_id, kind=kind, key=keys[round_id]
            )
            for round_id, entry_id, user_id in rows
        ),
        ignore_conflicts=True,
        batch_size=INSERT_BATCH,
    )


def invite(round_: Round, base_url: str | None = None) -> None:
    """Record an invitation for every respondent of the round who has none yet, and send them
    once the transaction commits. Invitations go whatever the reminder setting says."""
    respondents = Respondent.objects.filter(entry__round=round_, user__is_active=True)
    _record(
        respondents.values_list("entry__round_id", "entry_id", "user_id").iterator(
            chunk_size=INSERT_BATCH
        ),
        Mail.Kind.INVITATION,
        {round_.pk: ""},
    )
    if round_.invited_at is None:
        round_.invited_at = timezone.now()
        Round.objects.filter(pk=round_.pk).update(invited_at=round_.invited_at)
    queue_unsent(round_, base_url)


def reminders_record(today: datetime.date | None = None) -> list[int]:
    """Record the reminders due today in every open round; returns the ids of the rounds that
    have one due. Three queries however many respondents."""
    today = today or timezone.localdate()
    keys = {}
    for round_ in open_rounds(today).only("pk", "opens_on", "deadline", "reminder_days"):
        days = reminder_due(round_, today)
        if days is not None:
            keys[round_.pk] = reminder_key(days, round_.deadline)
    if keys:
        people = to_remind(Respondent.objects.filter(entry__round_id__in=list(keys)))
        _record(
            people.values_list("entry__round_id", "entry_id", "user_id").iterator(
                chunk_size=INSERT_BATCH
            ),
            Mail.Kind.REMINDER,
            keys,
        )
    return list(keys)


def nudge(round_: Round, entries=None, base_url: str | None = None) -> int:
    """A manager's "remind now": a reminder to each unfinished respondent of `entries` (Entry
    objects or ids of this round; None: every team), at most one a day per person and team.
    Returns how many were recorded; they are sent once the transaction commits."""
    if round_.is_closed or round_.invited_at is None:
        return 0
    key = timezone.localdate().isoformat()
    respondents = Respondent.objects.filter(entry__round=round_)
    if entries is not None:
        respondents = respondents.filter(entry_id__in=[getattr(e, "pk", e) for e in entries])
    already = Mail.objects.filter(
        entry_id=OuterRef("entry_id"), user_id=OuterRef("user_id"), kind=Mail.Kind.NUDGE, key=key
    )
    rows = list(
        to_remind(respondents)
        .exclude(Exists(already))
        .values_list("entry__round_id", "entry_id", "user_id")
    )
    started = timezone.now()
    with transaction.atomic():
        _record(rows, Mail.Kind.NUDGE, {round_.pk: key})
        queue(round_ids=[round_.pk], base_url=base_url, since=started)
    return len(rows)


def notes_record(assessment_ids: Iterable[int] | None = None) -> list[int]:
    """Record the notes to facilitators that are due: a team's named respondents have all
    finished, or its respondents disagree on an area (two levels or more apart, no agreed
    answer: assessments.scoring's rule). Each once per assessment, to its facilitator or,
    when it has none, to whoever opened the round. Returns the ids of the rounds concerned."""
    entries = Entry.objects.filter(
        round__closed_at=None,
        round__invited_at__isnull=False,
        assessment__state__in=Assessment.OPEN_STATES,
    )
    if assessment_ids is not None:
        entries = entries.filter(assessment_id__in=list(assessment_ids))
    noted = Mail.objects.filter(entry_id=OuterRef("pk"))
    named = Respondent.objects.filter(entry_id=OuterRef("pk"), user__is_active=True)
    done = entries.exclude(Exists(noted.filter(kind=Mail.Kind.TEAM_DONE))).filter(
        Exists(named), ~Exists(unfinished(named))
    )
    # Two levels apart and not agreed, in SQL, for the few candidates the rule then decides.
    agreed = AgreedAnswer.objects.filter(
        assessment_id=OuterRef("assessment_id"), area_id=OuterRef("area_id")
    )
    apart = (
        Answer.objects.filter(assessment_id=OuterRef("assessment_id"))
        .exclude(Exists(agreed))
        .order_by()
        .values("area_id")
        .annotate(spread=Max("level") - Min("level"))
        .filter(spread__gte=2)
    )
    candidates = list(
        entries.exclude(Exists(noted.filter(kind=Mail.Kind.DISAGREEMENT)))
        .filter(Exists(apart))
        .select_related("assessment")
    )
    results = assessment_selectors.results([entry.assessment for entry in candidates])
    disagree = [
        entry.pk
        for entry in candidates
        if any(
            area.disagreement and area.source != "agreed"
            for area in results[entry.assessment_id].areas.values()
        )
    ]
    rounds = set()
    for kind, chosen in (
        (Mail.Kind.TEAM_DONE, done),
        (Mail.Kind.DISAGREEMENT, entries.filter(pk__in=disagree)),
    ):
        rows = [
            (round_id, pk, facilitator or opener)
            for pk, round_id, facilitator, opener in chosen.values_list(
                "pk",
                "round_id",
                "assessment__facilitator_id",
                "round__opened_by_id",
            )
            if facilitator or opener
        ]
        _record(rows, kind, {round_id: "" for round_id, _entry, _user in rows})
        rounds.update(round_id for round_id, _entry, _user in rows)
    return sorted(rounds)


def queue_unsent(round_: Round, base_url: str | None = None) -> int:
    """Queue the round's unsent e-mails in batches, once the transaction commits."""
    return queue(round_ids=[round_.pk], base_url=base_url)


def queue(
    *,
    round_ids: Iterable[int] | None = None,
    base_url: str | None = None,
    since: datetime.datetime | None = None,
    waiting: datetime.timedelta | None = None,
) -> int:
    """Queue the unsent e-mails of these rounds (None: every round), only those recorded
    `since` or only those `waiting` this long already, in batches, once the transaction
    commits; returns how many. An e-mail queued twice is still sent once."""
    now = timezone.now()
    unsent = Mail.objects.filter(sent_at=None, created_at__gte=now - RETRY_FOR)
    if round_ids is not None:
        unsent = unsent.filter(round_id__in=list(round_ids))
    if since is not None:
        unsent = unsent.filter(created_at__gte=since)
    if waiting is not None:
        unsent = unsent.filter(created_at__lte=now - waiting)
    ids = list(unsent.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        # robust: with the broker down the e-mails stay unsent, and the beat job queues them
        # again; what asked for them (opening a round) has succeeded.
        transaction.on_commit(lambda batch=batch: send_mails.delay(batch, base_url), robust=True)
    return len(ids)
