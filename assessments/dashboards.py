"""Reads for the dashboards, aggregated in SQL over the results stored on submit.

Every function runs a fixed number of queries, whatever the number of teams or assessments:
the latest submitted assessment of each team is a correlated subquery on the
(team, state, date) index, counts and per-quarter figures are grouped in the database.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median, quantiles

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import TruncQuarter

from accounts.models import Team
from assessments.models import AreaScore, Assessment, DimensionScore, Target

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

    def assessments(self, queryset):
        queryset = queryset.filter(state=SUBMITTED)
        if self.model is not None:
            queryset = queryset.filter(model=self.model)
        if self.start:
            queryset = queryset.filter(date__gte=self.start)
        if self.end:
            queryset = queryset.filter(date__lte=self.end)
        return queryset


def _latest(filters, team_ref="pk"):
    return filters.assessments(Assessment.objects.filter(team=OuterRef(team_ref))).order_by(
        "-date", "-pk"
    )


def teams_with_latest(organisation, filters, teams=None):
    """The organisation's active teams, each with its latest submitted assessment's id,
    overall score and date (None where it has none) — sortable in SQL."""
    latest = _latest(filters)
    teams = (teams if teams is not None else Team.objects.filter(organisation=organisation)).filter(
        archived=False
    )
    return teams.annotate(
        latest_id=Subquery(latest.values("pk")[:1]),
        latest_score=Subquery(latest.values("overall_score")[:1]),
        latest_date=Subquery(latest.values("date")[:1]),
    ).order_by(*SORTS.get(filters.sort, SORTS["name"]))


def latest_ids(organisation, filters):
    """A subquery: the id of every active team's latest submitted assessment."""
    return (
        Team.objects.filter(organisation=organisation, archived=False)
        .annotate(latest_id=Subquery(_latest(filters).values("pk")[:1]))
        .filter(latest_id__isnull=False)
        .values("latest_id")
    )


def latest_assessments(ids):
    return {a.pk: a for a in Assessment.objects.filter(pk__in=ids).select_related("model")}


def area_scores(assessment_ids):
    """assessment id → {area key: (level, score)} (one query)."""
    scores = defaultdict(dict)
    for assessment_id, area, level, score in AreaScore.objects.filter(
        assessment_id__in=assessment_ids
    ).values_list("assessment_id", "area_key", "level", "score"):
        scores[assessment_id][area] = (level, score)
    return scores


def level_distribution(organisation, filters):
    """dimension key → {level: number of teams whose latest result sits at that level}."""
    counts = defaultdict(dict)
    for dimension, level, n in (
        DimensionScore.objects.filter(assessment_id__in=latest_ids(organisation, filters))
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
    def label(self):
        return f"{self.start.year} Q{(self.start.month - 1) // 3 + 1}"


def organisation_trend(organisation, filters):
    """Per quarter: median and spread of the overall scores of the assessments in it."""
    values = defaultdict(list)
    for quarter, score in (
        filters.assessments(Assessment.objects.filter(team__organisation=organisation))
        .filter(overall_score__isnull=False, team__archived=False)
        .annotate(quarter=TruncQuarter("date"))
        .values_list("quarter", "overall_score")
    ):
        values[quarter].append(score)
    trend = []
    for quarter in sorted(values):
        scores = sorted(values[quarter])
        low, _mid, high = (
            quantiles(scores, n=4, method="inclusive")
            if len(scores) > 1
            else (
                scores[0],
                scores[0],
                scores[0],
            )
        )
        trend.append(
            Quarter(
                start=quarter,
                teams=len(scores),
                median=median(scores),
                low=low,
                high=high,
                minimum=scores[0],
                maximum=scores[-1],
            )
        )
    return trend


def teams_below_target(organisation, filters):
    """(team, dimension key, level reached, target level) where the latest result is below."""
    target = Target.objects.filter(
        team=OuterRef("assessment__team"),
        dimension_key=OuterRef("dimension_key"),
        current=True,
        level__isnull=False,
    ).values("level")[:1]
    rows = (
        DimensionScore.objects.filter(assessment_id__in=latest_ids(organisation, filters))
        .annotate(target=Subquery(target))
        .filter(target__isnull=False, level__lt=F("target"))
        .values_list(
            "assessment__team__slug", "assessment__team__name", "dimension_key", "level", "target"
        )
        .order_by("assessment__team__name", "dimension_key")
    )
    return list(rows)


def stale_teams(organisation, filters, today=None):
    """Active teams whose last submitted assessment is older than the chosen months, or absent."""
    today = today or date.today()
    cutoff = today - timedelta(days=round(filters.stale_months * 30.44))
    latest_date = Subquery(
        Assessment.objects.filter(team=OuterRef("pk"), state=SUBMITTED)
        .order_by("-date")
        .values("date")[:1]
    )
    return list(
        Team.objects.filter(organisation=organisation, archived=False)
        .annotate(last=latest_date)
        .filter(Q(last__lt=cutoff) | Q(last__isnull=True))
        .order_by(F("last").asc(nulls_first=True), "name")
        .values_list("slug", "name", "last")
    )
