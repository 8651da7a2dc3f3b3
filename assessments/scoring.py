"""Scores of an assessment, exactly as DESIGN.md defines them. Pure functions on plain values.

- The *new* characteristics of a level in an area are those whose text is not already stated
  at the level below it.
- A level that adds nothing new is met by every team at the level below: the *reached* level
  is the chosen one, raised through every following level without new characteristics, and
  the *next step* is the level above the reached one (none at the top).
- area score = reached level + ticked new ones of the next step / all of them; at the top it
  is the reached level.
- dimension score = mean of its areas' scores; dimension level = lowest reached level among them.
- overall score = mean of the dimension scores; overall level = lowest dimension level.
- Several respondents: the agreed answer counts; until there is one, the answer of the median
  respondent (ordered by area score; on a tie of two, the lower); one respondent counts directly.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
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

    def reached(self, level):
        """The chosen level raised through every following level that adds nothing new."""
        while level < self.top_level and not self.new_next(level):
            level += 1
        return level

    def groups(self):
        """The levels as the answering page offers them: each level joined with the following
        ones that add nothing new, as tuples of level numbers in order ((0, 1), (2,), …)."""
        groups, level = [], min(self.levels)
        while level <= self.top_level:
            reached = self.reached(level)
            groups.append(tuple(n for n in self.levels if level <= n <= reached))
            level = reached + 1
        return tuple(groups)

    def new_next(self, level):
        """Keys of the next level's characteristics not already stated at `level`, in order."""
        if level >= self.top_level:
            return ()
        stated = {normalise(c.text) for c in self.levels.get(level, ())}
        return tuple(
            c.key for c in self.levels.get(level + 1, ()) if normalise(c.text) not in stated
        )


def shown(value):
    """A score as pages show it: one decimal, rounded half up (as Django's floatformat)."""
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def difference(new, old):
    """new − old as the shown values say (1.24 → 1.56 is +0.4, as 1.2 → 1.6 reads), so that
    the differences on a page add up; None when either is missing."""
    return None if new is None or old is None else shown(new) - shown(old)


def holding_back(score, level, area_levels):
    """Keys of the areas that hold a level below what its score suggests (the whole part of
    the score as shown is higher than the level): those at that level, in the given order.
    Empty when the level is what the score says. area_levels: area key → reached level."""
    if score is None or level is None or int(shown(score)) <= level:
        return ()
    return tuple(key for key, reached in area_levels.items() if reached == level)


def normalise(text):
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Answer:
    level: int
    ticked: frozenset = frozenset()


@dataclass(frozen=True)
class AreaResult:
    key: str
    level: int  # the chosen level
    ticked: tuple  # the next step's new characteristics that are in place, in model order
    new_next: tuple  # the next step's new characteristics (empty at the top)
    score: float
    source: str  # agreed, median or single
    respondent_levels: tuple = ()
    reached: int | None = None  # the reached level; None: the chosen one

    def __post_init__(self):
        if self.reached is None:
            object.__setattr__(self, "reached", self.level)

    @property
    def next_step(self):
        """The level above the reached one; None at the top."""
        return self.reached + 1 if self.new_next else None

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
    """Reached level plus the share of the next step's new characteristics in place."""
    if not new_next:
        return float(level)
    return level + len(set(ticked) & set(new_next)) / len(new_next)


def _counted_score(area, answer):
    reached = area.reached(answer.level)
    return area_score(reached, answer.ticked, area.new_next(reached))


def median_answer(area, answers):
    """The answer of the median respondent by area score; of two in the middle, the lower."""
    ranked = sorted(answers, key=lambda a: (_counted_score(area, a), a.level))
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
    reached = area.reached(counted.level)
    new_next = area.new_next(reached)
    ticked = tuple(key for key in new_next if key in counted.ticked)
    return AreaResult(
        key=area.key,
        level=counted.level,
        reached=reached,
        ticked=ticked,
        new_next=new_next,
        score=area_score(reached, ticked, new_next),
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
                level=min(results[key].reached for key in members),
            )
    overall = None
    if len(dimensions) == len(dict.fromkeys(area.dimension for area in areas)) and dimensions:
        overall = DimensionResult(
            key="overall",
            score=fmean(d.score for d in dimensions.values()),
            level=min(d.level for d in dimensions.values()),
        )
    return Result(areas=results, dimensions=dimensions, overall=overall)
