"""Writes for assessments: start, record answers, agree, submit, reopen.

Each runs in one transaction. The assessment row is locked while an answer is recorded
or the assessment is submitted, so that a save racing a submit is either counted or
refused, never half applied. Respondents write separate rows and never overwrite each other;
one person's two tabs or windows do not either: each answer carries a revision (see
`answer_record`).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Role, Team, User
from assessments import carry, selectors
from assessments.dates import date_problem
from assessments.models import (
    AgreedAnswer,
    Answer,
    Assessment,
    Reopening,
    Target,
)
from assessments.signals import (
    answer_recorded_on_commit,
    assessment_reopened_on_commit,
    assessment_submitted_on_commit,
    results_changed_on_commit,
)
from assessments.stored import results_remove, results_store

if TYPE_CHECKING:
    from maturity.models import MaturityModel

logger = logging.getLogger(__name__)

MAX_EVIDENCE_LINKS = 20
MAX_COMMENT_LENGTH = 10_000


class AssessmentError(Exception):
    """A change the rules forbid; the message is for the user."""

    status = 400


class AssessmentLocked(AssessmentError):
    status = 409


class AssessmentOpen(AssessmentError):
    """The team has an open assessment of this model version already; `assessment` is it."""

    status = 409

    def __init__(self, assessment: Assessment):
        self.assessment = assessment
        super().__init__(
            _("“%(label)s” is open already: continue answering it.") % {"label": assessment.label}
        )


@transaction.atomic
def assessment_start(
    *, team: Team, model: MaturityModel, label: str, date: datetime.date, by: User
) -> Assessment:
    """A new assessment; raises `AssessmentOpen` while one of this model version is open (a
    second click on Start, also at the same moment, leads to the first)."""
    if team.archived:
        raise AssessmentError(_("An archived team is not assessed."))
    if not selectors.models_for(team.organisation).filter(pk=model.pk).exists():
        raise AssessmentError(_("This model is not in use in your organisation."))
    problem = date_problem(date)
    if problem:
        raise AssessmentError(problem)
    if open_one := selectors.open_assessment(team, model):
        raise AssessmentOpen(open_one)
    try:
        with transaction.atomic():
            return Assessment.objects.create(
                team=team,
                model=model,
                label=label,
                date=date,
                started_by=by,
                carried_from_id=carry.sources([team.pk], model).get(team.pk),
            )
    except IntegrityError:  # the label is taken, or one was started at this very moment
        if open_one := selectors.open_assessment(team, model):
            raise AssessmentOpen(open_one) from None
        raise AssessmentError(
            _("This team has an assessment “%(label)s” already; choose another label.")
            % {"label": label}
        ) from None


def _locked_open(assessment):
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.is_submitted:
        raise AssessmentLocked(
            _("This assessment has been submitted and is locked; nothing was changed.")
        )
    return locked


def _checked(assessment, area_key, level, ticked, given=None):
    """The area, and the ticks that count for the level; refuses what the model lacks.

    `assessment` is the locked row; `given`, the caller's copy, has usually loaded the model
    already (it is the same version unless the model changed in between, before any answer).
    """
    model = given.model if given is not None and given.model_id == assessment.model_id else None
    display = selectors.ModelDisplay.of(model or assessment.model)
    area = display.areas.get(area_key)
    if area is None:
        raise AssessmentError(_("There is no area “%(area)s” in this model.") % {"area": area_key})
    structure = display.area_model(area_key)
    if not isinstance(level, int) or level not in structure.levels:
        raise AssessmentError(_("Level %(level)s is not a level of this model.") % {"level": level})
    known = {c.key for cells in structure.levels.values() for c in cells}
    unknown = sorted(set(ticked) - known)
    if unknown:
        raise AssessmentError(
            _("%(keys)s is not a characteristic of this area in this model.")
            % {"keys": ", ".join(unknown)}
        )
    # Ticks left over from another level's checklist do not count for this one; the checklist
    # is the next step's, above the reached level (past levels that add nothing new).
    new_next = structure.new_next(structure.reached(level))
    return area, [key for key in new_next if key in set(ticked)]


def clean_evidence(links: Iterable[str]) -> list[str]:
    validate = URLValidator(schemes=["http", "https"])
    cleaned = []
    for link in links:
        link = link.strip()
        if not link:
            continue
        try:
            validate(link)
        except ValidationError:
            raise AssessmentError(
                _("“%(link)s” is not a web address (http:// or https://).") % {"link": link[:200]}
            ) from None
        if link not in cleaned:
            cleaned.append(link)
    if len(cleaned) > MAX_EVIDENCE_LINKS:
        raise AssessmentError(_("At most %(n)d evidence links.") % {"n": MAX_EVIDENCE_LINKS})
    return cleaned


def clean_comment(comment: str) -> str:
    """The comment as it is stored; a longer one is refused, never cut."""
    if len(comment) > MAX_COMMENT_LENGTH:
        raise AssessmentError(
            _(
                "The comment has %(count)s characters; at most %(limit)s fit. "
                "Shorten it: nothing was saved."
            )
            % {
                "count": formats.number_format(len(comment), force_grouping=True),
                "limit": formats.number_format(MAX_COMMENT_LENGTH, force_grouping=True),
            }
        )
    return comment


class AnswerConflict(AssessmentError):
    """The save was based on an older revision: the same person saved this area elsewhere
    (another tab or window) in between. Nothing was changed; `answer` is what is stored."""

    status = 409

    def __init__(self, answer: Answer):
        self.answer = answer
        saved = formats.time_format(timezone.localtime(answer.updated_at), "TIME_FORMAT")
        super().__init__(
            _("Changed in another tab or window at %(time)s — reload to see it.") % {"time": saved}
        )


class Recorded(NamedTuple):
    answer: Answer
    applied: bool  # False: the stored answer was already this one (a repeat); nothing written
    previous_level: int | None  # before this save; None for the first one


@transaction.atomic
def answer_record(
    *,
    assessment: Assessment,
    respondent: User,
    area_key: str,
    level: int,
    ticked: Collection[str] = (),
    comment: str = "",
    evidence: Iterable[str] = (),
    revision: int | None = None,
) -> Recorded:
    """Save one respondent's whole answer for an area; returns `Recorded`.

    `revision` is the answer's revision the page showed (0: no answer yet). A save based on
    another revision raises `AnswerConflict`, unless it asks for exactly what is stored (a
    repeat, such as a retry whose first answer was lost): that changes nothing and succeeds.
    Without a revision (server-side writes, not a page), the save applies whatever is stored.
    Every applied save counts the stored revision up by one.
    """
    given, assessment = assessment, _locked_open(assessment)
    area, ticked = _checked(assessment, area_key, level, ticked, given)
    values = {
        "level": level,
        "ticked": ticked,
        "comment": clean_comment(comment),
        "evidence": clean_evidence(evidence),
    }
    mine = Answer.objects.filter(assessment=assessment, respondent=respondent, area=area)
    answer = mine.select_for_update().first()
    if answer is None:
        try:
            with transaction.atomic():
                answer = Answer.objects.create(
                    assessment=assessment, respondent=respondent, area=area, revision=1, **values
                )
        except IntegrityError:  # the same person's other tab was first (no row lock to wait on)
            answer = mine.select_for_update().get()
        else:
            _started(assessment)
            answer_recorded_on_commit(assessment.pk)
            return Recorded(answer, True, None)
    previous_level = answer.level
    if all(getattr(answer, field) == value for field, value in values.items()):
        return Recorded(answer, False, previous_level)
    if revision is not None and revision != answer.revision:
        raise AnswerConflict(answer)
    for field, value in values.items():
        setattr(answer, field, value)
    answer.revision += 1
    answer.save(update_fields=[*values, "revision", "updated_at"])
    _started(assessment)
    if level != previous_level:  # ticks, comments and links change no one's progress
        answer_recorded_on_commit(assessment.pk)
    return Recorded(answer, True, previous_level)


def _started(assessment):
    if assessment.state == Assessment.State.DRAFT:
        Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.IN_PROGRESS)


@transaction.atomic
def agreed_record(
    *,
    assessment: Assessment,
    area_key: str,
    level: int,
    ticked: Collection[str] = (),
    note: str = "",
    by: User,
) -> AgreedAnswer:
    given, assessment = assessment, _locked_open(assessment)
    area, ticked = _checked(assessment, area_key, level, ticked, given)
    agreed, _created = AgreedAnswer.objects.update_or_create(
        assessment=assessment,
        area=area,
        defaults={"level": level, "ticked": ticked, "note": clean_comment(note), "agreed_by": by},
    )
    _started(assessment)
    return agreed


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by: User) -> Assessment:
    """Lock the assessment; a second submit finds it submitted and changes nothing."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_submitted:
        return assessment
    if not selectors.result(assessment).complete:
        raise AssessmentError(_("Every area needs a result before the assessment is submitted."))
    assessment.state = Assessment.State.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = by
    assessment.save(update_fields=["state", "submitted_at", "submitted_by"])
    results_store([assessment])
    assessment_submitted_on_commit([assessment.pk])
    return assessment


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, by: User, reason: str) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.is_submitted:
        raise AssessmentError(_("Only a submitted assessment can be reopened."))
    if not reason.strip():
        raise AssessmentError(_("Say why the assessment is reopened."))
    other = selectors.open_assessment(assessment.team, assessment.model)
    if other is not None:
        raise AssessmentError(
            _("“%(label)s” is open; submit it before another assessment is reopened.")
            % {"label": other.label}
        )
    Reopening.objects.create(assessment=assessment, by=by, reason=reason.strip())
    assessment.state = Assessment.State.IN_PROGRESS
    assessment.submitted_at = None
    assessment.submitted_by = None
    assessment.overall_score = assessment.overall_level = None
    try:
        with transaction.atomic():
            assessment.save(
                update_fields=[
                    "state",
                    "submitted_at",
                    "submitted_by",
                    "overall_score",
                    "overall_level",
                ]
            )
    except IntegrityError:  # another one of this model version was started at this moment
        raise AssessmentError(
            _("Another assessment of this model is open; nothing was changed.")
        ) from None
    results_remove(assessment)
    results_changed_on_commit(assessment.team.organisation)
    assessment_reopened_on_commit(assessment.pk)
    return assessment


@transaction.atomic
def facilitator_set(*, assessment: Assessment, user: User | None) -> Assessment:
    if user is not None:
        membership = Membership.objects.filter(
            user=user, organisation=assessment.team.organisation, teams=assessment.team
        ).first()
        if membership is None:
            raise AssessmentError(_("The facilitator must belong to the team."))
        if membership.role == Role.VIEWER:
            raise AssessmentError(_("A viewer cannot be the facilitator."))
    assessment.facilitator = user
    assessment.save(update_fields=["facilitator"])
    return assessment


@transaction.atomic
def target_set(*, team: Team, dimension_key: str, level: int | None, by: User) -> Target:
    """A new target for one dimension of a team (None: no target); the old one is kept."""
    dimension_keys = set(
        selectors.models_for(team.organisation).values_list("dimensions__key", flat=True)
    )
    if dimension_key not in dimension_keys:
        raise AssessmentError(_("There is no dimension “%(key)s”.") % {"key": dimension_key})
    if level is not None and not 0 <= level <= 9:
        raise AssessmentError(_("A target is a level of the model."))
    current = Target.objects.select_for_update().filter(
        team=team, dimension_key=dimension_key, current=True
    )
    previous = current.first()
    if previous is not None and previous.level == level:
        return previous
    current.update(current=False)
    results_changed_on_commit(team.organisation)
    return Target.objects.create(
        team=team, dimension_key=dimension_key, level=level, set_by=by, current=True
    )
