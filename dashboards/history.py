"""A team's results over time, one model version at a time: what the team dashboard and the
team's PDF report show."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assessments.models import Assessment, DimensionScore

if TYPE_CHECKING:
    from assessments.selectors import Named
    from maturity.models import Dimension, Level, MaturityModel


def team_models(submitted: Sequence[Assessment]) -> list[MaturityModel]:
    """The model versions of a team's submitted assessments (oldest first, models selected
    with them), the one of the most recent assessment first, then by name and version: each
    version is a model of its own, whose scores are never mixed with another's."""
    models = {}
    for assessment in reversed(submitted):
        models.setdefault(assessment.model_id, assessment.model)
    first, *others = list(models.values()) or [None]
    if first is None:
        return []
    return [first] + sorted(others, key=lambda m: (str(m.name), m.version, m.pk))


def shown_targets(targets: Mapping[str, int], outline: Mapping[str, list[Named]]) -> dict:
    """The team's targets (dimension key → level) that apply to a model: of its dimensions
    and within its levels. A target is kept per dimension key, whichever model it was set
    for; another model's dimension or a level above this model's scale is not shown."""
    keys = {d.key for d in outline["dimensions"]}
    numbers = {level.key for level in outline["levels"]}
    return {key: level for key, level in targets.items() if key in keys and level in numbers}


@dataclass
class TeamHistory:
    """A team's submitted assessments of one model version, oldest first, with
    their dimension scores: what the team dashboard and the team's PDF report show."""

    assessments: list
    dimensions: list  # the model's outline dimensions
    scores: dict  # (assessment id, dimension key) → (score, level)

    @property
    def latest(self) -> Assessment:
        return self.assessments[-1]

    @property
    def previous(self) -> Assessment | None:
        return self.assessments[-2] if len(self.assessments) > 1 else None

    def score(self, assessment: Assessment, dimension_key: str) -> float | None:
        return self.scores.get((assessment.pk, dimension_key), (None, None))[0]

    def rows(self) -> list:
        """[(assessment, [score per dimension])] for the table beside the trend."""
        return [(a, [self.score(a, d.key) for d in self.dimensions]) for a in self.assessments]

    def series(self, overall: str) -> list:
        """The trend chart's series: the overall score, then each dimension's."""
        return [(overall, [a.overall_score for a in self.assessments])] + [
            (d.name, [self.score(a, d.key) for a in self.assessments]) for d in self.dimensions
        ]


def team_history(
    submitted: Sequence[Assessment], dimensions: list[Named], model: MaturityModel | None = None
) -> TeamHistory:
    """`submitted`: the team's submitted assessments, oldest first; the history is that of
    `model` (default: the model version of the latest one), one query."""
    model_id = model.pk if model is not None else submitted[-1].model_id
    same_model = [a for a in submitted if a.model_id == model_id]
    scores = {
        (assessment_id, key): (score, level)
        for assessment_id, key, score, level in DimensionScore.objects.filter(
            assessment__in=same_model
        ).values_list("assessment_id", "dimension_key", "score", "level")
    }
    return TeamHistory(same_model, dimensions, scores)


def dimension_rows(
    dimensions: Iterable[Named | Dimension],
    scores: Mapping[str, tuple[float | None, int | None]],
    levels: Mapping[int, Level],
    targets: Mapping[str, int],
    held_back: Mapping[str, str] | None = None,
) -> list[tuple[Named | Dimension, float | None, int | None, str | None, int | None, str]]:
    """[(dimension, score, level, level name, target, held back by)] for the dimension table
    partial.

    `scores`: dimension key → (score, level); `levels`: level number → object with a name;
    `held_back`: dimension key → what holds its level back (assessments.selectors.held_back)."""
    rows = []
    for dimension in dimensions:
        score, level = scores.get(dimension.key, (None, None))
        name = levels[level].name if level in levels else None
        rows.append(
            (
                dimension,
                score,
                level,
                name,
                targets.get(dimension.key),
                (held_back or {}).get(dimension.key, ""),
            )
        )
    return rows
