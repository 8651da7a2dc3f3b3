"""Reads of what the respondents said, shaped for the result pages, the PDF and the submit
confirmation: by name, or, for an anonymous assessment, without any person in it.

An anonymous shape holds no answer object and no user: the number of respondents at each
level, and the comments and evidence links as texts, sorted by text and apart from each other
and from the levels, so that neither the order nor a grouping tells who wrote what. A template
cannot show a name it was never given. (The read side of selectors.py; kept apart from it
because that module is full.)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assessments.models import Answer, Assessment

if TYPE_CHECKING:
    from accounts.models import User
    from assessments.selectors import ModelDisplay
    from maturity.models import Level


@dataclass(frozen=True)
class AreaResponses:
    """What the respondents said about one area."""

    answers: tuple[Answer, ...]  # each respondent's answer, by name; () when anonymous
    counts: tuple[tuple[Level, int], ...]  # respondents at each level of the model, in order
    comments: tuple[str, ...]  # when anonymous: the comments, unnamed, sorted by text
    evidence: tuple[str, ...]  # when anonymous: the evidence links, unnamed, sorted

    @property
    def chosen(self) -> list[tuple[Level, int]]:
        """The levels someone chose, with how many chose each."""
        return [(level, n) for level, n in self.counts if n]

    @property
    def respondents(self) -> int:
        return sum(n for _level, n in self.counts)


@dataclass(frozen=True)
class Responses:
    anonymous: bool
    respondents: tuple[User, ...]  # who answered, by name and e-mail; () when anonymous
    respondent_count: int  # how many answered at least one area
    areas: dict[str, AreaResponses]  # every area of the model, in model order


def responses(assessment: Assessment, display: ModelDisplay) -> Responses:
    """What the respondents said about each area, in one query."""
    answers = Answer.objects.filter(assessment=assessment)
    by_area = defaultdict(list)
    if assessment.anonymous:
        # Neither the person nor the answer's id leaves the database: only what was said.
        rows = answers.values_list("respondent_id", "area_id", "level", "comment", "evidence")
        people = set()
        for respondent_id, area_id, level, comment, evidence in rows:
            people.add(respondent_id)
            by_area[area_id].append((level, comment, evidence))
        return Responses(
            anonymous=True,
            respondents=(),
            respondent_count=len(people),
            areas={key: _unnamed(display, by_area[area.pk]) for key, area in display.areas.items()},
        )
    for answer in answers.select_related("respondent").order_by(
        "respondent__name", "respondent__email", "pk"
    ):
        by_area[answer.area_id].append(answer)
    people = {answer.respondent for area_answers in by_area.values() for answer in area_answers}
    return Responses(
        anonymous=False,
        respondents=tuple(sorted(people, key=lambda user: (user.name, user.email))),
        respondent_count=len(people),
        areas={
            key: AreaResponses(
                answers=tuple(by_area[area.pk]),
                counts=_counts(display, (answer.level for answer in by_area[area.pk])),
                comments=(),
                evidence=(),
            )
            for key, area in display.areas.items()
        },
    )


def _unnamed(display: ModelDisplay, said: list[tuple[int, str, list]]) -> AreaResponses:
    return AreaResponses(
        answers=(),
        counts=_counts(display, (level for level, _comment, _evidence in said)),
        comments=tuple(sorted(comment for _level, comment, _evidence in said if comment)),
        evidence=tuple(sorted(link for _level, _comment, links in said for link in links)),
    )


def _counts(display: ModelDisplay, levels) -> tuple[tuple[Level, int], ...]:
    chosen = Counter(levels)
    return tuple((level, chosen[number]) for number, level in display.levels.items())
