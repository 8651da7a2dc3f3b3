"""Reads about rounds that the dashboards and the reports show: which rounds to filter by,
the current round, and how far a round has come (its completion), each in one query.

The rounds app's own pages (progress, respondents) read through `rounds.selectors`; these
are the few figures the organisation's dashboard and the round's PDF share.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from assessments.models import Assessment
from rounds.models import Entry, Round

if TYPE_CHECKING:
    from accounts.models import Organisation

SUBMITTED = Assessment.State.SUBMITTED


def organisation_rounds(organisation: Organisation) -> QuerySet[Round]:
    """The organisation's rounds, the most recent first."""
    return Round.objects.filter(organisation=organisation).order_by("-opens_on", "-pk")


def current_round(rounds: Iterable[Round], today: date | None = None) -> Round | None:
    """Of `rounds` (the most recent first), the most recent that has opened and is not
    closed: open, or past its deadline."""
    today = today or timezone.localdate()
    return next((r for r in rounds if r.closed_at is None and r.opens_on <= today), None)


@dataclass(frozen=True)
class Completion:
    """How many of a round's teams have submitted their assessment, are late (not submitted
    when the deadline passed, and still not), or have not finished yet: the three add up."""

    teams: int
    submitted: int
    late: int

    @property
    def not_finished(self) -> int:
        return self.teams - self.submitted - self.late

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.teams) if self.teams else 0


def completion(round_: Round) -> Completion:
    """The round's completion (one query, whatever the number of teams)."""
    submitted = Q(assessment__state=SUBMITTED)
    figures = Entry.objects.filter(round=round_).aggregate(
        teams=Count("pk"),
        submitted=Count("pk", filter=submitted),
        late=Count("pk", filter=Q(late=True) & ~submitted),
    )
    return Completion(**figures)


class TeamStatus:
    SUBMITTED = gettext_lazy("Submitted")
    LATE = gettext_lazy("Late")
    NOT_FINISHED = gettext_lazy("Not finished")


@dataclass(frozen=True)
class EntryStatus:
    team: str
    status: str  # one of TeamStatus
    submitted_at: datetime | None


def team_statuses(round_: Round) -> list[EntryStatus]:
    """Each team of the round with where its assessment stands, by team name (one query).
    Names of respondents are none of it: an anonymous round's report shows the same."""
    rows = (
        Entry.objects.filter(round=round_)
        .order_by("team__name", "team__pk")
        .values_list("team__name", "assessment__state", "late", "assessment__submitted_at")
    )
    statuses = []
    for name, state, late, submitted_at in rows:
        if state == SUBMITTED:
            statuses.append(EntryStatus(name, TeamStatus.SUBMITTED, submitted_at))
        else:
            status = TeamStatus.LATE if late else TeamStatus.NOT_FINISHED
            statuses.append(EntryStatus(name, status, None))
    return statuses


def progress_url(organisation: Organisation, round_: Round) -> str:
    """The round's progress page."""
    return reverse("rounds:detail", args=[organisation.slug, round_.pk])
