"""Submitted assessments with known gaps, for the tests of the common gaps.

At level 1 everywhere, an MLOps assessment misses people.2.1-2, model-creation.2.2-4,
model-release.2.1-3, application-integration.3.1-3 (that area reaches 2) and technology.2.1-3.
"""

from datetime import date

from django.utils import timezone

from accounts.models import Team
from assessments import services, stored
from assessments.models import Answer, Assessment
from maturity.models import Area, Characteristic
from plans.models import Action
from tests.factories import TeamFactory

AREAS = ["people", "model-creation", "model-release", "application-integration", "technology"]


def submit(team, model, by, *, level=1, ticked=(), label="2026 Q4", day=date(2026, 11, 20)):
    """A submitted assessment of the team, every area at `level`, `ticked` in place."""
    assessment = services.assessment_start(team=team, model=model, label=label, date=day, by=by)
    for area in AREAS:
        services.answer_record(
            assessment=assessment,
            respondent=by,
            area_key=area,
            level=level,
            ticked=[key for key in ticked if key.startswith(area + ".")],
        )
    return services.assessment_submit(assessment=assessment, by=by)


def teams_in_bulk(organisation, model, person, count, prefix="Bulk"):
    """`count` new teams, each with one submitted assessment at level 1 everywhere, in bulk."""
    teams = Team.objects.bulk_create(
        TeamFactory.build(
            organisation=organisation, name=f"{prefix} {n:03}", slug=f"{prefix.lower()}-{n:03}"
        )
        for n in range(count)
    )
    areas = list(Area.objects.filter(model=model))
    assessments = Assessment.objects.bulk_create(
        Assessment(
            team=team,
            model=model,
            label="Bulk",
            date=date(2026, 10, 1),
            state=Assessment.State.SUBMITTED,
            started_by=person,
            submitted_by=person,
            submitted_at=timezone.now(),
        )
        for team in teams
    )
    Answer.objects.bulk_create(
        Answer(assessment=assessment, respondent=person, area=area, level=1)
        for assessment in assessments
        for area in areas
    )
    stored.results_store(assessments)
    return teams


def action(team, model, key, by, status=Action.Status.OPEN):
    characteristic = Characteristic.objects.get(model=model, key=key)
    return Action.objects.create(
        team=team,
        title=characteristic.text_en[:200],
        area=characteristic.area,
        characteristic=characteristic,
        status=status,
        created_by=by,
    )
