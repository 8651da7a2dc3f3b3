"""Answers carried forward: a new assessment starts from the team's previous submitted one.

Nothing is copied. The new assessment names its source (`Assessment.carried_from`); the
answering page shows each respondent the source's answer preselected, marked "from 2026 Q3 —
still true?", and only what the respondent confirms or changes is saved, as this assessment's
answer. Until then nothing counts: progress, results and the submit confirmation read saved
answers only. Across versions of a model the answers are matched by area key, level number and
characteristic key, where they still exist.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import BigIntegerField, Value

from assessments.models import AgreedAnswer, Answer, Assessment

if TYPE_CHECKING:
    from accounts.models import User
    from assessments.scoring import AreaModel
    from assessments.selectors import ModelDisplay
    from maturity.models import MaturityModel

# Whose answer is carried: the respondent's own, the team's agreed one, or the team's only one.
OWN, AGREED, ONLY = "own", "agreed", "only"


def same_model(model: MaturityModel) -> dict:
    """Lookups for assessments of any version of `model` (same slug, same owner)."""
    return {"model__slug": model.slug, "model__organisation_id": model.organisation_id}


def sources(team_ids: Iterable[int], model: MaturityModel) -> dict[int, int]:
    """team id → id of its latest submitted assessment of any version of `model` (one query)."""
    rows = (
        Assessment.objects.filter(
            team_id__in=list(team_ids), state=Assessment.State.SUBMITTED, **same_model(model)
        )
        .order_by("team_id", "-date", "-pk")
        .values_list("team_id", "pk")
    )
    found = {}
    for team_id, pk in rows.iterator(chunk_size=2000):
        found.setdefault(team_id, pk)
    return found


@dataclass(frozen=True)
class Carried:
    """Last time's answer for one area, as this model version takes it: the level as the
    answering page stores it, the ticks that count for it, so that confirming saves exactly
    what the page showed."""

    level: int
    ticked: frozenset[str]
    evidence: tuple[str, ...]
    label: str  # the source assessment's label, "2026 Q3"
    kind: str  # OWN, AGREED or ONLY

    @property
    def own(self) -> bool:
        return self.kind == OWN


def carried_answers(
    assessment: Assessment,
    respondent: User,
    display: ModelDisplay,
    answered: Collection[str] | None = None,
) -> dict[str, Carried]:
    """area key → Carried for the areas this respondent has not answered in `assessment`, in
    the model's order.

    The respondent's own answer last time; where they gave none, the answer agreed for the
    team, or the only answer given. In an anonymous assessment (or from an anonymous one)
    another person's answer is never carried: only the agreed answer or one's own. Levels
    this version lacks are left out, and so are characteristics it lacks.

    `answered`: the keys of the areas the respondent has answered, when the caller has them
    (saves a query). Two queries at most; none without a source, none once every area is
    answered.
    """
    if assessment.carried_from_id is None or assessment.is_submitted:
        return {}
    if answered is None:
        answered = set(
            Answer.objects.filter(assessment=assessment, respondent=respondent).values_list(
                "area__key", flat=True
            )
        )
    waiting = [key for key in display.areas if key not in answered]
    if not waiting:
        return {}
    # The source is checked again here: one reopened since, or of another model, carries
    # nothing. Its answers and agreed answers in one query (agreed: no respondent).
    source = {
        f"assessment__{lookup}": value for lookup, value in same_model(assessment.model).items()
    } | {
        "assessment_id": assessment.carried_from_id,
        "assessment__team_id": assessment.team_id,
        "assessment__state": Assessment.State.SUBMITTED,
        "area__key__in": waiting,
    }
    shown = ("assessment__label", "assessment__anonymous", "area__key")
    answers = Answer.objects.filter(**source).values_list(
        *shown, "respondent_id", "level", "ticked", "evidence"
    )
    agreed_answers = AgreedAnswer.objects.filter(**source).values_list(
        *shown, Value(None, output_field=BigIntegerField()), "level", "ticked", "ticked"
    )
    rows = list(answers.union(agreed_answers, all=True))
    if not rows:
        return {}
    label = rows[0][0]
    anonymous = assessment.anonymous or rows[0][1]
    own, others, agreed = {}, {}, {}
    for _label, _anonymous, area_key, respondent_id, level, ticked, evidence in rows:
        if respondent_id is None:
            agreed[area_key] = (level, ticked, [])
        elif respondent_id == respondent.pk:
            own[area_key] = (level, ticked, evidence)
        else:
            others.setdefault(area_key, []).append((level, ticked, evidence))
    carried = {}
    for area_key in waiting:
        if area_key in own:
            kind, (level, ticked, evidence) = OWN, own[area_key]
        elif area_key in agreed:
            kind, (level, ticked, evidence) = AGREED, agreed[area_key]
        elif not anonymous and len(others.get(area_key, ())) == 1:
            kind, (level, ticked, evidence) = ONLY, others[area_key][0]
        else:
            continue
        structure = display.area_model(area_key)
        level = _stored_level(structure, level)
        if level is None:
            continue
        counting = structure.new_next(structure.reached(level))
        carried[area_key] = Carried(
            level=level,
            ticked=frozenset(key for key in counting if key in set(ticked)),
            evidence=tuple(evidence),
            label=label,
            kind=kind,
        )
    return carried


def _stored_level(structure: AreaModel | None, level: int) -> int | None:
    """The level as this version stores the choice that holds `level` (levels that add
    nothing new are one choice, stored as its first); None if the version lacks it."""
    if structure is None or level not in structure.levels:
        return None
    return next(group[0] for group in structure.groups() if level in group)
