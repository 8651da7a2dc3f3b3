"""The organisation's common gaps: the next-step characteristics not in place, counted over
teams, for the page, the exports and the organisation's PDF ("Where to invest").

Counted in SQL over the stored `StepGap` rows of each active team's latest submitted
assessment of one model version (or of a round's submitted assessments): a fixed number of
queries whatever the number of teams.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, F, OuterRef, QuerySet, Window
from django.db.models.functions import RowNumber

from assessments.models import Assessment, StepGap, Target
from assessments.selectors import ModelDisplay
from plans.models import Action

if TYPE_CHECKING:
    from accounts.models import Organisation
    from maturity.models import Area, Characteristic, Level, MaturityModel
    from rounds.models import Round

TEAMS_SHOWN = 8  # team names a characteristic lists; the rest are on its own page


@dataclass(frozen=True)
class GapTeam:
    name: str
    slug: str
    has_action: bool


@dataclass(frozen=True)
class Gap:
    """A characteristic missing in `teams` of the teams considered."""

    characteristic: Characteristic
    level: Level | None
    teams: int
    share: float  # of the teams considered, 0 to 1
    with_action: int  # of `teams`, those with a live action for it
    first_teams: tuple[GapTeam, ...]  # alphabetical, at most TEAMS_SHOWN

    @property
    def percent(self) -> int:
        return round(100 * self.share)

    @property
    def more_teams(self) -> int:
        return self.teams - len(self.first_teams)


@dataclass(frozen=True)
class AreaGaps:
    area: Area
    gaps: tuple[Gap, ...]  # most common first


@dataclass(frozen=True)
class CommonGaps:
    model: MaturityModel
    round: Round | None
    dimension: str | None
    teams: int  # teams considered: those with a submitted assessment in the scope
    areas: tuple[AreaGaps, ...]  # model order; areas without a gap left out

    @property
    def gap_count(self) -> int:
        return sum(len(area.gaps) for area in self.areas)

    def top(self, count: int) -> CommonGaps:
        """The same figures, each area limited to its `count` most common gaps."""
        return replace(
            self, areas=tuple(replace(area, gaps=area.gaps[:count]) for area in self.areas)
        )


def considered(
    organisation: Organisation, model: MaturityModel, round_: Round | None = None
) -> QuerySet[Assessment]:
    """The assessments counted: each active team's latest submitted one of the model version,
    or, with a round, the round's submitted ones (of active teams)."""
    assessments = Assessment.objects.filter(
        team__organisation=organisation,
        team__archived=False,
        model=model,
        state=Assessment.State.SUBMITTED,
    )
    if round_ is not None:
        return assessments.filter(round_entry__round=round_)
    return assessments.filter(is_latest=True)


def _live_action():
    """A live (not dropped) action of the row's team for the row's characteristic (by key, so
    that an action taken in an earlier model version still counts)."""
    return Action.objects.filter(
        team_id=OuterRef("assessment__team_id"),
        characteristic__key=OuterRef("characteristic_key"),
    ).exclude(status=Action.Status.DROPPED)


def gap_rows(
    organisation: Organisation,
    model: MaturityModel,
    round_: Round | None = None,
    dimension: str | None = None,
) -> QuerySet[StepGap]:
    """The StepGap rows counted, one per team and characteristic.

    The same rule as the roadmap (assessments/roadmap.py): an area at or above the team's
    current target for its dimension has no next step, so its gaps are left out where the
    team's current target is not above the level the area reached.
    """
    rows = StepGap.objects.filter(
        assessment__team__organisation=organisation,
        assessment__team__archived=False,
        assessment__model=model,
        assessment__state=Assessment.State.SUBMITTED,
    )
    if round_ is not None:
        rows = rows.filter(assessment__round_entry__round=round_)
    else:
        rows = rows.filter(assessment__is_latest=True)
    if dimension:
        rows = rows.filter(dimension_key=dimension)
    target_reached = Target.objects.filter(
        team_id=OuterRef("assessment__team_id"),
        dimension_key=OuterRef("dimension_key"),
        current=True,
        level__isnull=False,
        level__lte=OuterRef("reached"),
    )
    return rows.filter(~Exists(target_reached))


def common_gaps(
    organisation: Organisation,
    model: MaturityModel,
    round_: Round | None = None,
    dimension: str | None = None,
    teams_shown: int | None = TEAMS_SHOWN,
) -> CommonGaps:
    """The common gaps per area, most common first, each with how many teams miss it, their
    share, how many of them have a live action for it and the first `teams_shown` team names
    (None: all of them, for the exports).

    At most three queries and the model's display (four more the first time in a process)."""
    display = ModelDisplay.of(model)
    teams = considered(organisation, model, round_).count()
    rows = gap_rows(organisation, model, round_, dimension) if teams else StepGap.objects.none()
    counts = (
        rows.values("characteristic_key")
        .annotate(teams=Count("pk"), with_action=Count("pk", filter=Exists(_live_action())))
        .order_by()
    )
    counted = {row["characteristic_key"]: row for row in counts}
    named = defaultdict(list)
    if counted:
        first = rows.annotate(has_action=Exists(_live_action()))
        if teams_shown is not None:
            first = first.annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=F("characteristic_key"),
                    order_by=[F("assessment__team__name").asc(), F("assessment__team_id").asc()],
                )
            ).filter(rank__lte=teams_shown)
        for key, name, slug, has_action in first.values_list(
            "characteristic_key", "assessment__team__name", "assessment__team__slug", "has_action"
        ):
            named[key].append(GapTeam(name, slug, has_action))
    levels = {level.pk: level for level in display.levels.values()}
    by_area = defaultdict(list)
    for key, characteristic in display.characteristics.items():  # model order
        row = counted.get(key)
        if row is None:
            continue
        by_area[characteristic.area_id].append(
            Gap(
                characteristic=characteristic,
                level=levels.get(characteristic.level_id),
                teams=row["teams"],
                share=row["teams"] / teams,
                with_action=row["with_action"],
                first_teams=tuple(sorted(named[key], key=lambda t: (t.name.casefold(), t.slug))),
            )
        )
    areas = tuple(
        # Most common first; ties keep the model's order (the sort is stable).
        AreaGaps(area, tuple(sorted(by_area[area.pk], key=lambda gap: -gap.teams)))
        for area in display.areas.values()
        if by_area.get(area.pk)
    )
    return CommonGaps(
        model=model, round=round_, dimension=dimension or None, teams=teams, areas=areas
    )


def teams_missing(
    organisation: Organisation,
    model: MaturityModel,
    characteristic_key: str,
    round_: Round | None = None,
) -> QuerySet[StepGap]:
    """Every team missing one characteristic, alphabetical, as rows with `team_name`,
    `team_slug` and `has_action`, for a paginated list (two queries a page)."""
    return (
        gap_rows(organisation, model, round_)
        .filter(characteristic_key=characteristic_key)
        .annotate(
            team_name=F("assessment__team__name"),
            team_slug=F("assessment__team__slug"),
            has_action=Exists(_live_action()),
        )
        .order_by("assessment__team__name", "assessment__team_id")
        .values("team_name", "team_slug", "has_action", "reached")
    )
