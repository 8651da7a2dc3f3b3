"""Many assessments at once (a round): opening them, submitting the complete ones; in a fixed
number of queries however many teams."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import carry, selectors
from assessments.dates import date_problem
from assessments.models import Assessment
from assessments.services import AssessmentError
from assessments.signals import assessment_submitted_on_commit
from assessments.stored import results_store

if TYPE_CHECKING:
    from accounts.models import Team, User
    from maturity.models import MaturityModel


@transaction.atomic
def assessments_open(
    *,
    teams: Sequence[Team],
    model: MaturityModel,
    label: str,
    date: datetime.date,
    by: User,
    anonymous: bool = False,
) -> dict[int, tuple[Assessment, bool]]:
    """team id → (its open assessment of `model`, adopted). A team's open assessment of this
    version is adopted; every other team gets a new one that carries its previous answers
    forward. All or nothing: a label a team has used already is refused, naming the teams."""
    if not teams:
        return {}
    organisation = teams[0].organisation
    if any(team.organisation_id != organisation.pk for team in teams):
        raise AssessmentError(_("The teams belong to another organisation."))
    if any(team.archived for team in teams):
        raise AssessmentError(_("An archived team is not assessed."))
    if not selectors.models_for(organisation).filter(pk=model.pk).exists():
        raise AssessmentError(_("This model is not in use in your organisation."))
    problem = date_problem(date)
    if problem:
        raise AssessmentError(problem)
    team_ids = [team.pk for team in teams]
    opened = {
        a.team_id: (a, True)
        for a in Assessment.objects.select_for_update().filter(
            team_id__in=team_ids, model=model, state__in=Assessment.OPEN_STATES
        )
    }
    new = [team for team in teams if team.pk not in opened]
    taken = sorted(
        Assessment.objects.filter(team__in=new, label=label).values_list("team__name", flat=True)
    )
    if taken:
        raise AssessmentError(
            _("These teams have an assessment “%(label)s” already: %(teams)s.")
            % {"label": label, "teams": ", ".join(taken)}
        )
    previous = carry.sources([team.pk for team in new], model)
    rows = [
        Assessment(
            team=team,
            model=model,
            label=label,
            date=date,
            started_by=by,
            anonymous=anonymous,
            carried_from_id=previous.get(team.pk),
        )
        for team in new
    ]
    try:
        with transaction.atomic():
            created = Assessment.objects.bulk_create(rows, batch_size=500)
    except IntegrityError:  # a team started one at this very moment
        raise AssessmentError(
            _("A team started an assessment at the same moment; nothing was changed. Try again.")
        ) from None
    if anonymous:
        Assessment.objects.filter(pk__in=[a.pk for a, _ in opened.values()]).update(anonymous=True)
    opened.update({a.team_id: (a, False) for a in created})
    return opened


@transaction.atomic
def assessments_submit_complete(
    assessment_ids: Sequence[int], *, by: User | None = None
) -> tuple[list[int], list[int]]:
    """Submit those of the open assessments whose every area has a result; returns (the ids
    submitted, the ids left open because an area has no result). Submitted ones are skipped."""
    assessments = list(
        Assessment.objects.select_for_update(of=("self",))
        .select_related("team__organisation")
        .filter(pk__in=list(assessment_ids), state__in=Assessment.OPEN_STATES)
        .order_by("pk")
    )
    results = selectors.results(assessments)
    complete = [a for a in assessments if results[a.pk].complete]
    now = timezone.now()
    for assessment in complete:
        assessment.state = Assessment.State.SUBMITTED
        assessment.submitted_at = now
        assessment.submitted_by = by
    Assessment.objects.bulk_update(
        complete, ["state", "submitted_at", "submitted_by"], batch_size=500
    )
    results_store(complete)
    assessment_submitted_on_commit([a.pk for a in complete])
    return [a.pk for a in complete], [a.pk for a in assessments if not results[a.pk].complete]
