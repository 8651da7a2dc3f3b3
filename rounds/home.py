"""The rounds a person answers in, for their home page: "2 areas left, due Friday"."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from assessments.models import Answer
from maturity.models import Area
from rounds.models import Respondent

if TYPE_CHECKING:
    from accounts.models import Membership, Team
    from rounds.models import Round

# A deadline this many days ahead or fewer is named by its weekday ("due Friday").
WEEKDAY_DAYS = 6


@dataclass(frozen=True)
class MyRound:
    """One team's assessment in an open round, as its respondent sees it."""

    round: Round
    team: Team
    assessment_id: int
    areas: int
    answered: int  # areas this person has answered (carried answers not yet confirmed: not)
    submitted: bool
    today: datetime.date

    @property
    def left(self) -> int:
        return max(self.areas - self.answered, 0)

    @property
    def finished(self) -> bool:
        return self.submitted or self.left == 0

    @property
    def late(self) -> bool:
        return self.round.deadline < self.today

    @property
    def due(self) -> str:
        """The deadline as the row says it: "due Friday" within a week, "due today", "late"
        after it, else "due 14 March"."""
        days = (self.round.deadline - self.today).days
        if days < 0:
            return _("late")
        if days == 0:
            return _("due today")
        if days == 1:
            return _("due tomorrow")
        if days <= WEEKDAY_DAYS:
            return _("due %(day)s") % {"day": formats.date_format(self.round.deadline, "l")}
        return _("due %(date)s") % {"date": formats.date_format(self.round.deadline, "j F")}


def my_rounds(membership: Membership | None) -> list[MyRound]:
    """The open rounds (opened, not closed) in which the member is a respondent, one row per
    team, the earliest deadline first; in one query. Viewers answer nothing: none."""
    if membership is None or membership.role == Role.VIEWER:
        return []
    today = timezone.localdate()
    rows = Respondent.objects.filter(
        user_id=membership.user_id,
        entry__round__organisation_id=membership.organisation_id,
        entry__round__closed_at=None,
        entry__round__opens_on__lte=today,
        entry__team__archived=False,
    )
    if membership.role == Role.MEMBER:  # a member answers for their own teams only
        rows = rows.filter(entry__team__in=membership.teams.values("pk"))
    counted = Count("pk")
    areas = Area.objects.filter(model=OuterRef("entry__assessment__model")).values("model")
    answered = Answer.objects.filter(
        assessment=OuterRef("entry__assessment"), respondent_id=membership.user_id
    ).values("assessment")
    rows = (
        rows.select_related("entry__round", "entry__team", "entry__assessment")
        .annotate(
            area_count=Subquery(areas.annotate(n=counted).values("n"), IntegerField()),
            answered_count=Coalesce(
                Subquery(answered.annotate(n=counted).values("n"), IntegerField()), 0
            ),
        )
        .order_by("entry__round__deadline", "entry__round__label", "entry__team__name")
    )
    return [
        MyRound(
            round=row.entry.round,
            team=row.entry.team,
            assessment_id=row.entry.assessment_id,
            areas=row.area_count or 0,
            answered=row.answered_count,
            submitted=row.entry.assessment.is_submitted,
            today=today,
        )
        for row in rows
    ]
