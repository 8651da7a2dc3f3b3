"""Reads for the dashboards, aggregated in SQL over the results stored on submit.

Every function runs a fixed number of queries, whatever the number of teams or assessments:
the latest submitted assessment of each team is a correlated subquery on the
(team, state, date) index, counts and per-quarter figures are grouped in the database.

With a round chosen (`Filters.round`), a team's "latest result" is its assessment in that
round if submitted, and only the round's teams are listed; the trend and the stale teams
are about the organisation over time and stay as they are.

With a model version chosen (`Filters.model`), every figure counts only results of that
version: the scales of two models (or two versions) are never mixed in one figure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    F,
    FloatField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncQuarter

from accounts.models import Team
from assessments.models import AreaScore, Assessment, DimensionScore, Target
from maturity.models import Level

if TYPE_CHECKING:
    from accounts.models import Organisation

SUBMITTED = Assessment.State.SUBMITTED
SORTS = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "score": (F("latest_score").asc(nulls_first=True), "name"),
    "-score": (F("latest_score").desc(nulls_last=True), "name"),
    "date": (F("latest_date").asc(nulls_first=True), "name"),
    "-date": (F("latest_date").desc(nulls_last=True), "name"),
}


@dataclass
class Filters:
    model: object = None  # a MaturityModel; None: every model
    start: date | None = None
    end: date | None = None
    stale_months: int = 6
    sort: str = "name"
    teams: list = field(default_factory=list)
    round: object = None  # a rounds.Round (of `model`); None: each team's latest result

    def assessments(self, queryset: QuerySet[Assessment]) -> QuerySet[Assessment]:
        """Submitted assessments of the model and period (not limited to the round)."""
        queryset = queryset.filter(state=SUBMITTED)
        if self.model is not None:
            queryset = queryset.filter(model=self.model)
        if self.start:
            queryset = queryset.filter(date__gte=self.start)
        if self.end:
            queryset = queryset.filter(date__lte=self.end)
        return queryset

    def results(self, queryset: QuerySet[Assessment]) -> QuerySet[Assessment]:
        """The assessments that count as results: those of the round, when one is chosen."""
        queryset = self.assessments(queryset)
        if self.round is not None:
            queryset = queryset.filter(round_entry__round=self.round)
        return queryset

    @property
    def marked_latest(self) -> bool:
        """Whether each team's result is the one marked latest (an index lookup): without an
        end date or a round, for one model."""
        return self.end is None and self.model is not None and self.round is None


def _latest(filters, team_ref="pk"):
    """The latest submitted assessment of the outer team within the filters (in a round, its
    one assessment there)."""
    rows = filters.results(Assessment.objects.filter(team=OuterRef(team_ref)))
    if filters.marked_latest:
        # Without an end date the latest one is marked: an index lookup, no sorting.
        return rows.filter(is_latest=True)
    return rows.order_by("-date", "-pk")


def latest_rows(organisation: Organisation, filters: Filters) -> QuerySet[Assessment]:
    """Each active team's latest submitted assessment within the filters."""
    rows = Assessment.objects.filter(team__organisation=organisation, team__archived=False)
    if filters.marked_latest:
        return filters.assessments(rows.filter(is_latest=True))
    if filters.round is not None:  # a team has one assessment in a round
        return filters.results(rows)
    return rows.filter(pk__in=latest_ids(organisation, filters))


def teams_with_latest(
    organisation: Organisation, filters: Filters, teams: QuerySet[Team] | None = None
) -> QuerySet[Team]:
    """The organisation's active teams (in a round, the round's), each with its latest
    submitted assessment's id, overall score and date (None where it has none) — sortable
    in SQL."""
    latest = _latest(filters)
    teams = (teams if teams is not None else Team.objects.filter(organisation=organisation)).filter(
        archived=False
    )
    if filters.round is not None:
        teams = teams.filter(round_entries__round=filters.round)
    return teams.annotate(
        latest_id=Subquery(latest.values("pk")[:1]),
        latest_score=Subquery(latest.values("overall_score")[:1]),
        latest_date=Subquery(latest.values("date")[:1]),
    ).order_by(*SORTS.get(filters.sort, SORTS["name"]))


def latest_ids(organisation: Organisation, filters: Filters) -> QuerySet[Team, dict[str, Any]]:
    """A subquery: the id of every active team's latest submitted assessment."""
    return (
        Team.objects.filter(organisation=organisation, archived=False)
        .annotate(latest_id=Subquery(_latest(filters).values("pk")[:1]))
        .filter(latest_id__isnull=False)
        .values("latest_id")
    )


def area_scores(assessment_ids: Iterable[int]) -> dict[int, dict[str, tuple[int, float]]]:
    """assessment id → {area key: (level, score)} (one query)."""
    scores = defaultdict(dict)
    for assessment_id, area, level, score in AreaScore.objects.filter(
        assessment_id__in=assessment_ids
    ).values_list("assessment_id", "area_key", "level", "score"):
        scores[assessment_id][area] = (level, score)
    return scores


def level_distribution(organisation: Organisation, filters: Filters) -> dict[str, dict[int, int]]:
    """dimension key → {level: number of teams whose latest result sits at that level}."""
    counts = defaultdict(dict)
    for dimension, level, n in (
        DimensionScore.objects.filter(assessment__in=latest_rows(organisation, filters))
        .values_list("dimension_key", "level")
        .annotate(n=Count("pk"))
        .order_by("dimension_key", "level")
    ):
        counts[dimension][level] = n
    return counts


@dataclass(frozen=True)
class Quarter:
    start: date
    teams: int
    median: float
    low: float  # first quartile
    high: float  # third quartile
    minimum: float
    maximum: float

    @property
    def label(self) -> str:
        return f"{self.start.year} Q{(self.start.month - 1) // 3 + 1}"


class Percentile(Aggregate):
    """PostgreSQL's percentile_cont: the median and quartiles are computed in the database."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def organisation_trend(organisation: Organisation, filters: Filters) -> list[Quarter]:
    """Per quarter: median and spread of the overall scores of the assessments in it."""
    rows = (
        filters.assessments(Assessment.objects.filter(team__organisation=organisation))
        .filter(overall_score__isnull=False, team__archived=False)
        .annotate(quarter=TruncQuarter("date"))
    )
    if connection.vendor == "postgresql":
        figures = (
            rows.values("quarter")
            .annotate(
                teams=Count("pk"),
                median=Percentile("overall_score", 0.5),
                low=Percentile("overall_score", 0.25),
                high=Percentile("overall_score", 0.75),
                minimum=Min("overall_score"),
                maximum=Max("overall_score"),
            )
            .order_by("quarter")
        )
        return [
            Quarter(
                start=f["quarter"],
                teams=f["teams"],
                median=f["median"],
                low=f["low"],
                high=f["high"],
                minimum=f["minimum"],
                maximum=f["maximum"],
            )
            for f in figures
        ]
    values = defaultdict(list)  # SQLite has no percentiles: the same figures in Python
    for quarter, score in rows.values_list("quarter", "overall_score"):
        values[quarter].append(score)
    trend = []
    for quarter in sorted(values):
        scores = sorted(values[quarter])
        trend.append(
            Quarter(
                start=quarter,
                teams=len(scores),
                median=_percentile(scores, 0.5),
                low=_percentile(scores, 0.25),
                high=_percentile(scores, 0.75),
                minimum=scores[0],
                maximum=scores[-1],
            )
        )
    return trend


def _percentile(ordered, fraction):
    """percentile_cont: linear interpolation between the closest ranks."""
    position = (len(ordered) - 1) * fraction
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def teams_below_target(
    organisation: Organisation, filters: Filters
) -> list[tuple[str, str, str, int, int]]:
    """(team, dimension key, level reached, target level) where the latest result is below.

    Starts from the targets (few) rather than from every team's result (many). A target is
    kept per dimension key, not per model: with a model chosen, only targets of its dimensions
    (those its results have a score for) within its levels count.
    """
    reached = DimensionScore.objects.filter(
        assessment__in=latest_rows(organisation, filters),
        assessment__team=OuterRef("team"),
        dimension_key=OuterRef("dimension_key"),
    ).values("level")[:1]
    targets = Target.objects.filter(
        team__organisation=organisation,
        team__archived=False,
        current=True,
        level__isnull=False,
    )
    if filters.model is not None:
        top = Level.objects.filter(model=filters.model).order_by("-number").values("number")[:1]
        targets = targets.filter(level__lte=Subquery(top))
    return list(
        targets.annotate(reached=Subquery(reached))
        .filter(reached__lt=F("level"))
        .values_list("team__slug", "team__name", "dimension_key", "reached", "level")
        .order_by("team__name", "dimension_key")
    )


def stale_teams(
    organisation: Organisation, filters: Filters, today: date | None = None
) -> list[tuple[str, str, date | None]]:
    """Active teams whose last submitted assessment (of the chosen model, when one is) is
    older than the chosen months, or absent."""
    today = today or date.today()
    cutoff = today - timedelta(days=round(filters.stale_months * 30.44))
    submitted = Assessment.objects.filter(team=OuterRef("pk"), state=SUBMITTED)
    if filters.model is not None:
        submitted = submitted.filter(model=filters.model)
    latest_date = Subquery(submitted.order_by("-date").values("date")[:1])
    return list(
        Team.objects.filter(organisation=organisation, archived=False)
        .annotate(last=latest_date)
        .filter(Q(last__lt=cutoff) | Q(last__isnull=True))
        .order_by(F("last").asc(nulls_first=True), "name")
        .values_list("slug", "name", "last")
    )


def most_recent_model_id(teams: Iterable[Team]) -> int | None:
    """The model version of the most recent submitted assessment of these teams (one query)."""
    return (
        Assessment.objects.filter(team__in=list(teams), state=SUBMITTED)
        .order_by("-date", "-pk")
        .values_list("model_id", flat=True)
        .first()
    )


def organisation_start(organisation: Organisation) -> dict[str, Any]:
    """How far a new organisation has come: its active teams, and whether any of them has a
    submitted result (without one, reports, exports and comparisons have nothing to show)."""
    submitted = Exists(Assessment.objects.filter(team=OuterRef("pk"), state=SUBMITTED))
    figures = Team.objects.filter(organisation=organisation, archived=False).aggregate(
        teams=Count("pk"), with_results=Count("pk", filter=Q(submitted))
    )
    return {"teams": figures["teams"], "has_results": figures["with_results"] > 0}
