"""Reads of plans for pages: the team's plan grouped by area, a person's pending actions.
A fixed number of queries, however many actions."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone

from accounts.models import Role
from assessments.models import AreaScore, Assessment, StepGap
from assessments.selectors import current_targets
from maturity.models import Characteristic, Level
from plans.models import Action

if TYPE_CHECKING:
    from accounts.models import Membership, Team, User
    from maturity.models import Area

# The status filter's value for "open or in progress".
PENDING = "pending"
# The owner filter's value for actions nobody owns yet.
UNASSIGNED = "none"


@dataclass
class PlanGroup:
    """The actions of one area (`area` None: the free actions), with where the area stands in
    the team's latest submitted assessment."""

    area: Area | None
    reached: int | None = None  # the area's reached level; None when not assessed
    next_level: Level | None = None  # the level of its next step; None at the top
    missing: list[Characteristic] = field(default_factory=list)  # the next step, not in place
    target: int | None = None  # the team's target for the area's dimension
    actions: list[Action] = field(default_factory=list)

    @property
    def untaken(self) -> list[Characteristic]:
        """The next step's characteristics not in place that no action of the group serves."""
        served = {a.characteristic.key for a in self.actions if a.characteristic_id}
        return [c for c in self.missing if c.key not in served]


def latest_assessment(team: Team) -> Assessment | None:
    """The team's latest submitted assessment (of any model version), or None."""
    return (
        Assessment.objects.filter(team=team, is_latest=True)
        .select_related("model")
        .order_by("-date", "-pk")
        .first()
    )


def _filtered(team, owner, status):
    rows = Action.objects.filter(team=team)
    if owner == UNASSIGNED:
        rows = rows.filter(owner__isnull=True)
    elif owner is not None:
        rows = rows.filter(owner=owner)
    if status == PENDING:
        rows = rows.filter(status__in=Action.PENDING)
    elif status:
        rows = rows.filter(status=status)
    return rows.select_related("owner", "area__dimension", "area__model", "characteristic")


def _mark_overdue(action, today):
    action.overdue = action.pending and action.due is not None and action.due < today
    return action


def team_plan(
    team: Team,
    owner: User | int | str | None = None,
    status: str | None = None,
    today: datetime.date | None = None,
) -> list[PlanGroup]:
    """The team's actions grouped by area, in the model's order of the areas, the free actions
    last; each action with `overdue` (pending, due before today). `owner`: a user, their id or
    UNASSIGNED; `status`: a status or PENDING. At most six queries."""
    today = today or timezone.localdate()
    actions = [
        _mark_overdue(a, today)
        for a in _filtered(team, owner, status).order_by(
            F("due").asc(nulls_last=True), "created_at", "pk"
        )
    ]
    if not actions:
        return []
    latest = latest_assessment(team)
    reached, missing = {}, defaultdict(list)
    if latest is not None:
        reached = dict(AreaScore.objects.filter(assessment=latest).values_list("area_key", "level"))
        gap_keys = StepGap.objects.filter(assessment=latest).values("characteristic_key")
        for characteristic in (
            Characteristic.objects.filter(model_id=latest.model_id, key__in=gap_keys)
            .select_related("area")
            .order_by("position")
        ):
            missing[characteristic.area.key].append(characteristic)
    targets = current_targets(team)
    groups: dict[int | None, PlanGroup] = {}
    for action in actions:
        key = action.area_id
        if key not in groups:
            groups[key] = PlanGroup(area=action.area)
        groups[key].actions.append(action)
    areas = [group.area for group in groups.values() if group.area is not None]
    levels = {
        (level.model_id, level.number): level
        for level in Level.objects.filter(model_id__in={area.model_id for area in areas})
    }
    for group in groups.values():
        area = group.area
        if area is None:
            continue
        group.target = targets.get(area.dimension.key)
        # Areas are matched by key: an action of an older model version still finds its area.
        group.reached = reached.get(area.key)
        if group.reached is not None:
            group.next_level = levels.get((area.model_id, group.reached + 1))
            group.missing = missing.get(area.key, [])
    return sorted(
        groups.values(),
        key=lambda g: (
            g.area is None,
            (g.area.model.slug, g.area.model.version, g.area.position) if g.area else (),
        ),
    )


def my_actions(membership: Membership | None, limit: int = 10) -> list[Action]:
    """The member's pending actions in the organisation, overdue first, then by due date
    (undated last), each with its team and `overdue`; in one query. Only teams the member
    still sees: one moved out of a team no longer finds its actions here."""
    if membership is None:
        return []
    today = timezone.localdate()
    rows = Action.objects.filter(
        owner_id=membership.user_id,
        team__organisation_id=membership.organisation_id,
        team__archived=False,
        status__in=Action.PENDING,
    )
    if membership.role in (Role.MEMBER, Role.VIEWER):
        rows = rows.filter(team__in=membership.teams.values("pk"))
    rows = (
        rows.select_related("team")
        .annotate(
            late=Case(
                When(due__lt=today, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("late", F("due").asc(nulls_last=True), "pk")[:limit]
    )
    return [_mark_overdue(action, today) for action in rows]
