"""Answers carried forward: a new assessment starts from the team's previous submitted one.

Nothing is copied. The new assessment names its source (`Assessment.carried_from`); the
answering page shows each respondent the source's answer preselected, marked "from 2026 Q3 —
still true?", and only what the respondent confirms or changes is saved, as this assessment's
answer. Across versions of a model the answers are matched by area key, level number and
characteristic key, where they still exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assessments.models import AgreedAnswer, Answer, Assessment

if TYPE_CHECKING:
    from accounts.models import User
    from assessments.selectors import ModelDisplay
    from maturity.models import MaturityModel


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
    """Last time's answer for one area, as this model version can take it."""

    level: int
    ticked: frozenset[str]
    evidence: tuple[str, ...]
    label: str  # the source assessment's label, "2026 Q3"
    own: bool  # the respondent's own answer (else the team's agreed or only answer)


def carried_answers(assessment: Assessment, respondent: User, display: ModelDisplay):
    """area key → Carried for the areas this respondent has not answered in `assessment`.

    The respondent's own answer last time; where they gave none, the answer agreed for the
    team, or the only answer given. Levels or characteristics this version lacks are left out.
    Three queries; none without a source.
    """
    source = assessment.carried_from
    if source is None:
        return {}
    answered = set(
        Answer.objects.filter(assessment=assessment, respondent=respondent).values_list(
            "area__key", flat=True
        )
    )
    by_area = {}
    team_answers = {}
    for area_key, respondent_id, level, ticked, evidence in Answer.objects.filter(
        assessment=source
    ).values_list("area__key", "respondent_id", "level", "ticked", "evidence"):
        if respondent_id == respondent.pk:
            by_area[area_key] = (level, ticked, evidence, True)
        else:
            team_answers.setdefault(area_key, []).append((level, ticked, evidence, False))
    agreed = {
        area_key: (level, ticked, [], False)
        for area_key, level, ticked in AgreedAnswer.objects.filter(assessment=source).values_list(
            "area__key", "level", "ticked"
        )
    }
    for area_key, answers in team_answers.items():
        if area_key in agreed:
            by_area.setdefault(area_key, agreed[area_key])
        elif len(answers) == 1:
            by_area.setdefault(area_key, answers[0])
    for area_key, answer in agreed.items():
        by_area.setdefault(area_key, answer)
    carried = {}
    for area_key, (level, ticked, evidence, own) in by_area.items():
        structure = display.area_model(area_key)
        if area_key in answered or structure is None or level not in structure.levels:
            continue
        known = {c.key for cells in structure.levels.values() for c in cells}
        carried[area_key] = Carried(
            level=level,
            ticked=frozenset(key for key in ticked if key in known),
            evidence=tuple(evidence),
            label=source.label,
            own=own,
        )
    return carried
