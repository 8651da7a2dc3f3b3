"""Scores of an assessment, exactly as DESIGN.md defines them. Pure functions on plain values.

- The *new* characteristics of the next level in an area are those at level + 1 whose text is
  not already stated at the chosen level.
- area score = chosen level + ticked new ones / all new ones; at the top level, or where the
  next level adds nothing new in this area, it is the chosen level.
- dimension score = mean of its areas' scores; dimension level = lowest chosen level among them.
- overall score = mean of the dimension scores; overall level = lowest dimension level.
- Several respondents: the agreed answer counts; until there is one, the answer of the median
  respondent (ordered by area score; on a tie of two, the lower); one respondent counts directly.
"""

from dataclasses import dataclass
from statistics import fmean

SOURCE_AGREED = "agreed"
SOURCE_MEDIAN = "median"
SOURCE_SINGLE = "single"


@dataclass(frozen=True)
class Characteristic:
    key: str
    text: str  # the text that decides whether a statement is "already stated" (German)


@dataclass(frozen=True)
class AreaModel:
    """One area of a model version: its characteristics per level number."""

    key: str
    dimension: str
    levels: dict  # level number -> tuple of Characteristic

    @property
    def top_level(self):
        return max(self.levels)

    def new_next(self, level):
        """Keys of the next level's characteristics not already stated at `level`, in order."""
        if level >= self.top_level:
            return ()
        stated = {normalise(c.text) for c in self.levels.get(level, ())}
        return tuple(
            c.key for c in self.levels.get(level + 1, ()) if normalise(c.text) not in stated
        )


def normalise(text):
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Answer:
    level: int
    ticked: frozenset = frozenset()


@dataclass(frozen=True)
class AreaResult:
    key: str
    level: int
    ticked: tuple  # the new next-level characteristics that are in place, in model order
    new_next: tuple
    score: float
    source: str  # agreed, median or single
    respondent_levels: tuple = ()

    @property
    def spread(self):
        levels = self.respondent_levels
        return max(levels) - min(levels) if levels else 0

    @property
    def disagreement(self):
        return self.spread >= 2


@dataclass(frozen=True)
class DimensionResult:
    key: str
    score: float
    level: int


@dataclass(frozen=True)
class Result:
    areas: dict  # area key -> AreaResult, only areas that have a result
    dimensions: dict  # dimension key -> DimensionResult, only complete dimensions
    overall: DimensionResult | None  # None until every area has a result

    @property
    def complete(self):
        return self.overall is not None


def area_score(level, ticked, new_next):
    """Chosen level plus the share of the next level's new characteristics in place."""
    if not new_next:
        return float(level)
    return level + len(set(ticked) & set(new_next)) / len(new_next)


def median_answer(area, answers):
    """The answer of the median respondent by area score; of two in the middle, the lower."""
    ranked = sorted(
        answers, key=lambda a: (area_score(a.level, a.ticked, area.new_next(a.level)), a.level)
    )
    return ranked[(len(ranked) - 1) // 2]


def area_result(area, answers, agreed=None):
    """What counts for one area: the agreed answer, else the median or single respondent."""
    respondent_levels = tuple(sorted(a.level for a in answers))
    if agreed is not None:
        counted, source = agreed, SOURCE_AGREED
    elif len(answers) == 1:
        counted, source = answers[0], SOURCE_SINGLE
    elif answers:
        counted, source = median_answer(area, answers), SOURCE_MEDIAN
    else:
        return None
    new_next = area.new_next(counted.level)
    ticked = tuple(key for key in new_next if key in counted.ticked)
    return AreaResult(
        key=area.key,
        level=counted.level,
        ticked=ticked,
        new_next=new_next,
        score=area_score(counted.level, ticked, new_next),
        source=source,
        respondent_levels=respondent_levels,
    )


def score(areas, answers, agreed):
    """The whole result.

    areas: AreaModel in model order; answers: area key -> list of Answer (one per respondent);
    agreed: area key -> Answer.
    """
    results = {}
    for area in areas:
        result = area_result(area, answers.get(area.key, ()), agreed.get(area.key))
        if result is not None:
            results[area.key] = result
    dimensions = {}
    for dimension in dict.fromkeys(area.dimension for area in areas):
        members = [area.key for area in areas if area.dimension == dimension]
        if all(key in results for key in members):
            dimensions[dimension] = DimensionResult(
                key=dimension,
                score=fmean(results[key].score for key in members),
                level=min(results[key].level for key in members),
            )
    overall = None
    if len(dimensions) == len(dict.fromkeys(area.dimension for area in areas)) and dimensions:
        overall = DimensionResult(
            key="overall",
            score=fmean(d.score for d in dimensions.values()),
            level=min(d.level for d in dimensions.values()),
        )
    return Result(areas=results, dimensions=dimensions, overall=overall)
