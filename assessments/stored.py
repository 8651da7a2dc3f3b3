"""The stored results of submitted assessments: scores per area and dimension, and the next
steps' missing characteristics (StepGap), written on submit and removed on reopen, so that
dashboards and the common gaps aggregate rows in SQL instead of scoring again; and which of a
team's submitted assessments is its latest."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import OuterRef, Subquery

from assessments import selectors
from assessments.models import AreaScore, Assessment, DimensionScore, StepGap
from assessments.signals import results_changed_on_commit


@transaction.atomic
def results_store(assessments: Iterable[Assessment]) -> None:
    """Store the results of submitted assessments for the dashboards (replacing old ones)."""
    assessments = [a for a in assessments if a.state == Assessment.State.SUBMITTED]
    results = selectors.results(assessments)
    structures = selectors.area_models({a.model_id for a in assessments})
    AreaScore.objects.filter(assessment__in=assessments).delete()
    DimensionScore.objects.filter(assessment__in=assessments).delete()
    StepGap.objects.filter(assessment__in=assessments).delete()
    area_scores, dimension_scores, gaps = [], [], []
    for assessment in assessments:
        result = results[assessment.pk]
        dimension_of = {area.key: area.dimension for area in structures[assessment.model_id]}
        area_scores += [
            AreaScore(
                assessment=assessment,
                area_key=key,
                dimension_key=dimension_of[key],
                level=area.reached,
                score=area.score,
            )
            for key, area in result.areas.items()
        ]
        dimension_scores += [
            DimensionScore(assessment=assessment, dimension_key=key, level=d.level, score=d.score)
            for key, d in result.dimensions.items()
        ]
        gaps += _gap_rows(assessment, result, dimension_of)
        assessment.overall_score = result.overall.score if result.overall else None
        assessment.overall_level = result.overall.level if result.overall else None
    AreaScore.objects.bulk_create(area_scores)
    DimensionScore.objects.bulk_create(dimension_scores)
    StepGap.objects.bulk_create(gaps, batch_size=2000)
    Assessment.objects.bulk_update(assessments, ["overall_score", "overall_level"], batch_size=500)
    latest_refresh({(a.team_id, a.model_id) for a in assessments})
    for organisation in {a.team.organisation for a in assessments}:
        results_changed_on_commit(organisation)


def _gap_rows(assessment, result, dimension_of):
    """The next steps' characteristics not in place, as rows for the common gaps."""
    return [
        StepGap(
            assessment=assessment,
            area_key=key,
            dimension_key=dimension_of[key],
            characteristic_key=characteristic,
            reached=area.reached,
        )
        for key, area in result.areas.items()
        for characteristic in area.new_next
        if characteristic not in area.ticked
    ]


def gaps_store(assessments: Iterable[Assessment]) -> None:
    """Store the next steps' missing characteristics of submitted assessments anew (for
    assessments imported from a document made before they were stored)."""
    assessments = [a for a in assessments if a.state == Assessment.State.SUBMITTED]
    results = selectors.results(assessments)
    structures = selectors.area_models({a.model_id for a in assessments})
    StepGap.objects.filter(assessment__in=assessments).delete()
    gaps = []
    for assessment in assessments:
        dimension_of = {area.key: area.dimension for area in structures[assessment.model_id]}
        gaps += _gap_rows(assessment, results[assessment.pk], dimension_of)
    StepGap.objects.bulk_create(gaps, batch_size=2000)


def latest_refresh(pairs: Iterable[tuple[int, int]]) -> None:
    """Mark each team's latest submitted assessment per model version (for the dashboards)."""
    by_model = {}
    for team_id, model_id in pairs:
        by_model.setdefault(model_id, set()).add(team_id)
    for model_id, team_ids in by_model.items():
        rows = Assessment.objects.filter(team_id__in=team_ids, model_id=model_id)
        rows.filter(is_latest=True).update(is_latest=False)
        latest = (
            Assessment.objects.filter(
                team=OuterRef("team"), model=OuterRef("model"), state=Assessment.State.SUBMITTED
            )
            .order_by("-date", "-pk")
            .values("pk")[:1]
        )
        rows.filter(pk=Subquery(latest)).update(is_latest=True)


def results_remove(assessment: Assessment) -> None:
    """A reopened assessment's stored results go; the team's latest is marked again."""
    AreaScore.objects.filter(assessment=assessment).delete()
    DimensionScore.objects.filter(assessment=assessment).delete()
    StepGap.objects.filter(assessment=assessment).delete()
    latest_refresh([(assessment.team_id, assessment.model_id)])
