"""The weekly digest: each owner of open actions gets one e-mail a week listing them, overdue
ones first, in their language.

As with a round's e-mails (rounds.mails, rounds.sending), each digest is recorded first as a
`Digest` row (one per person and ISO week, unique), then sent under the row's lock and marked
sent, so that two runs at the same moment (two beat processes, the cron command beside beat)
send it at most once, and a run that failed before sending leaves it to the next run of the
same week. Recording and sending take a fixed number of queries however many owners.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Membership, Team, User
from accounts.reminders import reminders_token
from plans.links import plan_path
from plans.models import Action, Digest

logger = logging.getLogger(__name__)

BATCH = 100  # digests a task sends, under one lock and over one connection
INSERT_BATCH = 2000


def week_of(day: datetime.date | None = None) -> str:
    """The ISO week, "2026-W49"."""
    year, week, _weekday = (day or timezone.localdate()).isocalendar()
    return f"{year}-W{week:02d}"


def pending_actions() -> QuerySet:
    """The actions a digest lists: still to be done, in a team that is not archived, owned by
    an active person who wants the digest and still belongs to the team's organisation."""
    still_member = Membership.objects.filter(
        user_id=OuterRef("owner_id"), organisation_id=OuterRef("team__organisation_id")
    )
    return Action.objects.filter(
        status__in=Action.PENDING,
        team__archived=False,
        owner__is_active=True,
        owner__email_digest=True,
    ).filter(Exists(still_member))


def record(week: str) -> None:
    """A Digest row for each owner due one this week; those recorded already stay as they are
    (the unique constraint decides, also between two processes). Two queries."""
    owners = pending_actions().order_by().values_list("owner_id", flat=True).distinct()
    Digest.objects.bulk_create(
        (Digest(user_id=pk, week=week) for pk in owners),
        ignore_conflicts=True,
        batch_size=INSERT_BATCH,
    )


def queue(week: str, base_url: str | None = None) -> int:
    """Queue the week's unsent digests in batches once the transaction commits; returns how
    many. A digest queued twice is still sent once."""
    ids = list(
        Digest.objects.filter(week=week, sent_at=None).order_by("pk").values_list("pk", flat=True)
    )
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        # robust: with the broker down the digests stay unsent, for the next run to queue.
        transaction.on_commit(
            lambda batch=batch: send_digest_batch.delay(batch, base_url), robust=True
        )
    return len(ids)


def run(today: datetime.date | None = None, base_url: str | None = None) -> dict:
    """Record this week's digests and queue those not sent yet (a run that failed earlier this
    week left some)."""
    week = week_of(today)
    with transaction.atomic():
        record(week)
        queued = queue(week, base_url)
    logger.info("action digests of %s: %s queued", week, queued)
    return {"week": week, "queued": queued}


# Content


@dataclass
class TeamActions:
    team: Team
    url: str
    actions: list = field(default_factory=list)  # overdue first, then by due date


@dataclass
class Content:
    teams: list[TeamActions]
    overdue: int
    open: int


def contents(user_ids, today: datetime.date, base_url: str | None = None) -> dict[int, Content]:
    """What each person's digest lists, by user id, in one query: their pending actions by
    organisation and team, overdue ones marked (`action.overdue`) and first."""
    actions = (
        pending_actions()
        .filter(owner_id__in=list(user_ids))
        .select_related("team__organisation", "area")
        .order_by(
            "owner_id",
            "team__organisation__name",
            "team__name",
            "team_id",
            F("due").asc(nulls_last=True),
            "pk",
        )
    )
    teams: dict[int, dict[int, TeamActions]] = defaultdict(dict)
    for action in actions:
        action.overdue = action.due is not None and action.due < today
        mine = teams[action.owner_id]
        if action.team_id not in mine:
            team = action.team
            path = plan_path(team.organisation.slug, team.slug)
            mine[action.team_id] = TeamActions(team, _url(base_url, path))
        mine[action.team_id].actions.append(action)
    result = {}
    for user_id, mine in teams.items():
        for group in mine.values():
            group.actions.sort(key=lambda action: not action.overdue)  # stable: by due within
        every = [action for group in mine.values() for action in group.actions]
        overdue = sum(action.overdue for action in every)
        result[user_id] = Content(list(mine.values()), overdue, len(every) - overdue)
    return result


def _url(base_url, path):
    return (base_url or settings.SITE_URL).rstrip("/") + path


def message_for(
    user: User, content: Content, today: datetime.date, base_url: str | None = None
) -> EmailMultiAlternatives:
    unsubscribe = _url(base_url, reverse("accounts:reminders", args=[reminders_token(user.pk)]))
    context = {
        "user": user,
        "teams": content.teams,
        "overdue": content.overdue,
        "open": content.open,
        "today": today,
        "unsubscribe_url": unsubscribe + "#digest",
    }
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = render_to_string("plans/email/digest_subject.txt", context)
        body = render_to_string("plans/email/digest_body.txt", context)
        html = render_to_string("plans/email/digest_body.html", context)
    # One line: a team's name must not break the header.
    message = EmailMultiAlternatives(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>"},
    )
    message.attach_alternative(html, "text/html")
    return message


# Sending


def send(digest_ids, base_url: str | None = None) -> int:
    """Send the recorded digests that are still unsent; returns how many went out.

    The batch is locked while it is sent and committed as sent, so another run skips it: it is
    being sent, or it was. One no longer wanted (its owner switched the digest off, or has
    nothing open any more) is dropped. When the mail server refuses one, it and the rest stay
    unsent, for the next run of the week. Five queries however many digests."""
    sent = 0
    connection = get_connection()  # opened by the first message, once for all of them
    try:
        with transaction.atomic():
            digests = list(
                Digest.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("user")
                .filter(pk__in=list(digest_ids), sent_at=None)
                .order_by("pk")
            )
            if not digests:
                return 0
            today = timezone.localdate()
            content = contents([digest.user_id for digest in digests], today, base_url)
            done, unwanted = [], []
            for digest in digests:
                if digest.user_id not in content:
                    unwanted.append(digest.pk)
                    continue
                message = message_for(digest.user, content[digest.user_id], today, base_url)
                message.connection = connection
                try:
                    message.send()
                except Exception:  # the server's refusal, whatever its kind: try again later
                    logger.exception("action digest %s not sent", digest.pk)
                    break
                done.append(digest.pk)
            if done:
                Digest.objects.filter(pk__in=done).update(sent_at=timezone.now())
            if unwanted:
                Digest.objects.filter(pk__in=unwanted).delete()
            sent = len(done)
    finally:
        connection.close()
    return sent


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_digest_batch(digest_ids, base_url=None):
    """Queued by `queue` in batches once the digests are recorded; safe to redeliver."""
    return send(digest_ids, base_url)
