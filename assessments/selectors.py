"""Reads shaped for pages and exports: a fixed number of queries, however many rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import BigIntegerField, Count, F, Q, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, NullIf

from assessments import roadmap, scoring
from assessments.models import AgreedAnswer, Answer, Assessment, Target
from maturity.models import Area, Characteristic, Level, MaturityModel

if TYPE_CHECKING:
    from accounts.models import Organisation, Team, User


def area_models(model_ids: Iterable[int]) -> dict[int, list[scoring.AreaModel]]:
    """model id → [scoring.AreaModel] in model order (three queries for any number of models)."""
    levels = defaultdict(list)
    for model_id, number in Level.objects.filter(model_id__in=model_ids).values_list(
        "model_id", "number"
    ):
        levels[model_id].append(number)
    characteristics = Characteristic.objects.filter(model_id__in=model_ids)
    areas = Area.objects.filter(model_id__in=model_ids)
    cells = defaultdict(lambda: defaultdict(list))
    # Characteristic.same_text, in the query.
    same_text = Coalesce(NullIf("text_de", Value("")), "text_en", output_field=TextField())
    for area_id, number, key, text in (
        characteristics.order_by("position")
        .annotate(same_text=same_text)
        .values_list("area_id", "level__number", "key", "same_text")
    ):
        cells[area_id][number].append(scoring.Characteristic(key, text))
    models = defaultdict(list)
    for area in areas.select_related("dimension").order_by("model_id", "position"):
        models[area.model_id].append(
            scoring.AreaModel(
                key=area.key,
                dimension=area.dimension.key,
                levels={n: tuple(cells[area.pk][n]) for n in sorted(levels[area.model_id])},
            )
        )
    return dict(models)


def roadmap_steps(
    display: ModelDisplay,
    structures: Iterable[scoring.AreaModel],
    result: scoring.Result,
    targets: Mapping[str, int] | None = None,
) -> list[dict[str, Any]]:
    """The roadmap with the names and texts a page shows (ModelDisplay of the model)."""
    return [
        {
            "step": step,
            "area": display.areas[step.area],
            "to_level": display.levels.get(step.to_level),
            "deliverables": display.texts(step.deliverables),
            "done": display.texts(step.done),
        }
        for step in roadmap.roadmap(structures, result, targets=targets)
    ]


def held_back(
    display: ModelDisplay,
    score: float | None,
    level: int | None,
    area_levels: Mapping[str, int],
    dimension: str | None = None,
) -> str:
    """What holds a level below its score, for every page and PDF that shows one:
    "Model release (0)", or "" when nothing does. `area_levels`: area key → reached level
    (stored AreaScore levels or a Result's); `dimension`: only that dimension's areas."""
    levels = {
        key: area_levels[key]
        for key, area in display.areas.items()
        if key in area_levels and (dimension is None or area.dimension.key == dimension)
    }
    keys = scoring.holding_back(score, level, levels)
    return ", ".join(f"{display.areas[key].name} ({levels[key]})" for key in keys)


def result_held_back(display: ModelDisplay, result: scoring.Result) -> dict[str, str]:
    """dimension key (and "overall") → what holds its level back, for a Result."""
    reached = {key: area.reached for key, area in result.areas.items()}
    texts = {
        key: held_back(display, d.score, d.level, reached, key)
        for key, d in result.dimensions.items()
    }
    if result.overall:
        texts["overall"] = held_back(display, result.overall.score, result.overall.level, reached)
    return texts


def results(
    assessments: Iterable[Assessment],
    structures: Mapping[int, list[scoring.AreaModel]] | None = None,
) -> dict[int, scoring.Result]:
    """assessment id → scoring.Result, for many assessments in four queries (two when the
    caller has the `area_models` of their model versions already)."""
    assessments = list(assessments)
    if not assessments:
        return {}
    if structures is None:
        structures = area_models({a.model_id for a in assessments})
    ids = [a.pk for a in assessments]
    answers = defaultdict(lambda: defaultdict(list))
    for assessment_id, area_key, level, ticked in Answer.objects.filter(
        assessment_id__in=ids
    ).values_list("assessment_id", "area__key", "level", "ticked"):
        answers[assessment_id][area_key].append(scoring.Answer(level, frozenset(ticked)))
    agreed = defaultdict(dict)
    for assessment_id, area_key, level, ticked in AgreedAnswer.objects.filter(
        assessment_id__in=ids
    ).values_list("assessment_id", "area__key", "level", "ticked"):
        agreed[assessment_id][area_key] = scoring.Answer(level, frozenset(ticked))
    return {
        a.pk: scoring.score(structures.get(a.model_id, []), answers[a.pk], agreed[a.pk])
        for a in assessments
    }


def result(
    assessment: Assessment, structures: Mapping[int, list[scoring.AreaModel]] | None = None
) -> scoring.Result:
    return results([assessment], structures)[assessment.pk]


def answering_progress(
    assessment: Assessment, respondent: User, display: ModelDisplay
) -> tuple[dict[str, int], set[str]]:
    """(the respondent's {area key: level}, the keys of areas with a team result) for the
    answering page and every autosave, in one query."""
    keys = {area.pk: area.key for area in display.areas.values()}
    answered = Answer.objects.filter(assessment=assessment).values_list(
        "area_id", "respondent_id", "level"
    )
    agreed = AgreedAnswer.objects.filter(assessment=assessment).values_list(
        "area_id", Value(None, output_field=BigIntegerField()), "level"
    )
    mine, with_result = {}, set()
    for area_id, respondent_id, level in answered.union(agreed, all=True):
        with_result.add(keys[area_id])
        if respondent_id == respondent.pk:
            mine[keys[area_id]] = level
    return mine, with_result


def respondent_count(assessment_ids: Iterable[int]) -> dict[int, int]:
    """assessment id → number of people who answered at least one area."""
    counts = defaultdict(set)
    for assessment_id, respondent_id in (
        Answer.objects.filter(assessment_id__in=assessment_ids)
        .values_list("assessment_id", "respondent_id")
        .distinct()
    ):
        counts[assessment_id].add(respondent_id)
    return {pk: len(people) for pk, people in counts.items()}


_displays = {}


class ModelDisplay:
    """A model version's names and texts in the active language, loaded in four queries.

    `ModelDisplay.of(model)` keeps one per version in the process: the answering page and
    every autosave use it. Share it read-only: its objects are shared between requests.
    """

    def __init__(self, model):
        self.model = model
        self.levels = {level.number: level for level in model.levels.order_by("number")}
        self.dimensions = {d.key: d for d in model.dimensions.order_by("position")}
        self.areas = {
            a.key: a for a in model.areas.select_related("dimension").order_by("position")
        }
        self.characteristics = {
            c.key: c for c in Characteristic.objects.filter(model=model).order_by("position")
        }
        self._structures = None
        self._outline = None

    @classmethod
    def of(cls, model: MaturityModel) -> ModelDisplay:
        """The version's display, read once per process and again only after the version
        was revised (`revised_at`, which every edit moves on): no query when it is known."""
        key = (model.pk, model.revised_at)
        known = _displays.get(model.pk)
        if known is None or known[0] != key:
            known = (key, cls(model))
            _displays[model.pk] = known
        return known[1]

    def outline(self) -> dict[str, list[Named]]:
        if self._outline is None:
            self._outline = {
                "levels": [Named(n, level) for n, level in self.levels.items()],
                "dimensions": [Named(k, d) for k, d in self.dimensions.items()],
                "areas": [Named(k, a, a.dimension.key) for k, a in self.areas.items()],
            }
        return self._outline

    def texts(self, keys: Iterable[str]) -> list[Characteristic]:
        return [self.characteristics[key] for key in keys if key in self.characteristics]

    def area_models(self) -> list[scoring.AreaModel]:
        """The model's [scoring.AreaModel], as `area_models` reads them, without a query."""
        if self._structures is None:
            numbers = {level.pk: level.number for level in self.levels.values()}
            cells = defaultdict(lambda: defaultdict(list))
            for characteristic in self.characteristics.values():
                cells[characteristic.area_id][numbers[characteristic.level_id]].append(
                    scoring.Characteristic(characteristic.key, characteristic.same_text)
                )
            self._structures = [
                scoring.AreaModel(
                    key=area.key,
                    dimension=area.dimension.key,
                    levels={n: tuple(cells[area.pk][n]) for n in self.levels},
                )
                for area in self.areas.values()
            ]
        return list(self._structures)

    def area_model(self, key: str) -> scoring.AreaModel | None:
        """One area's scoring.AreaModel, or None."""
        return next((s for s in self.area_models() if s.key == key), None)

    def choices(self, area: Area) -> list[LevelChoice]:
        """The levels of an area as the answering and agree pages offer them: a level and the
        following ones that add nothing new are one choice (DESIGN.md)."""
        cells = dict((level.number, texts) for level, texts in self.cells(area))
        choices = []
        for numbers in self.area_model(area.key).groups():
            texts, seen = [], set()
            for number in numbers:
                for characteristic in cells[number]:
                    if scoring.normalise(characteristic.same_text) not in seen:
                        seen.add(scoring.normalise(characteristic.same_text))
                        texts.append(characteristic)
            choices.append(LevelChoice(tuple(self.levels[n] for n in numbers), texts))
        return choices

    def next_step(self, area_key: str, level: int | None) -> tuple[Level | None, list]:
        """(the next step's level, its new characteristics) for a chosen level: the checklist.
        (None, []) at the top or before a level is chosen."""
        if level is None:
            return None, []
        structure = self.area_model(area_key)
        reached = structure.reached(level)
        return self.levels.get(reached + 1), self.texts(structure.new_next(reached))

    def cells(self, area: Area) -> list[tuple[Level, list[Characteristic]]]:
        """[(level, [characteristics])] of one area, every level in order."""
        by_level = defaultdict(list)
        for characteristic in self.characteristics.values():
            if characteristic.area_id == area.pk:
                by_level[characteristic.level_id].append(characteristic)
        return [(level, by_level[level.pk]) for level in self.levels.values()]


def open_assessment(team: Team, model: MaturityModel) -> Assessment | None:
    """The team's open assessment of this model version (there is at most one)."""
    return Assessment.objects.filter(
        team=team, model=model, state__in=Assessment.OPEN_STATES
    ).first()


def open_assessments(team: Team) -> list[Assessment]:
    """The team's open assessments, one per model version at most, newest first."""
    return list(
        Assessment.objects.filter(team=team, state__in=Assessment.OPEN_STATES)
        .select_related("model")
        .order_by("-date", "-pk")
    )


@dataclass(frozen=True)
class BeforeSubmit:
    """What a submit would leave behind, for the page that asks before it."""

    result: scoring.Result
    disagreements: list[Area]  # two levels or more apart, and no agreed answer
    unfinished: list[tuple[User, int]]  # (person, areas answered) below every area; [] if anonymous
    unfinished_count: int
    areas: int


def before_submit(assessment: Assessment, display: ModelDisplay) -> BeforeSubmit:
    """Unresolved disagreements and the respondents who have not answered every area: the
    team's members who may answer, and anyone else who answered. Four queries at most."""
    from accounts.models import Role, User

    result = results([assessment], {assessment.model_id: display.area_models()})[assessment.pk]
    disagreements = [
        display.areas[key]
        for key, area in result.areas.items()
        if area.disagreement and area.source != "agreed"
    ]
    answered = dict(
        Answer.objects.filter(assessment=assessment)
        .values("respondent")
        .annotate(areas=Count("area", distinct=True))
        .values_list("respondent", "areas")
    )
    people = User.objects.filter(
        Q(pk__in=list(answered))
        | Q(
            memberships__organisation_id=assessment.team.organisation_id,
            memberships__teams=assessment.team,
            memberships__role__in=[Role.ADMIN, Role.MANAGER, Role.MEMBER],
        )
    ).distinct()
    total = len(display.areas)
    unfinished = sorted(
        ((person, n) for person in people if (n := answered.get(person.pk, 0)) < total),
        key=lambda row: (row[1], row[0].name, row[0].email),
    )
    return BeforeSubmit(
        result=result,
        disagreements=disagreements,
        # Anonymous: how many, never who; names beside the areas they answered, watched as
        # the counts per level grow, would tell who chose what.
        unfinished=[] if assessment.anonymous else unfinished,
        unfinished_count=len(unfinished),
        areas=total,
    )


def previous_submitted(assessment: Assessment) -> Assessment | None:
    return (
        Assessment.objects.filter(
            team_id=assessment.team_id,
            state=Assessment.State.SUBMITTED,
            model_id=assessment.model_id,
        )
        .filter(date__lt=assessment.date)
        .order_by("-date", "-pk")
        .first()
    )


@dataclass(frozen=True)
class LevelChoice:
    """One choice of level: a level and the following ones that add nothing new."""

    levels: tuple[Level, ...]
    characteristics: list[Characteristic]

    @property
    def number(self) -> int:
        """The level stored when this choice is made: the lowest of the joined ones."""
        return self.levels[0].number

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(level.number for level in self.levels)

    @property
    def joined(self) -> bool:
        return len(self.levels) > 1

    @property
    def last(self) -> int:
        return self.levels[-1].number

    @property
    def name(self) -> str:
        return " / ".join(str(level.name) for level in self.levels)


@dataclass(frozen=True)
class Named:
    """A level, dimension or area of a kept ModelDisplay, under one `key`; its name is the
    model object's, in the active language (the one translation mechanism: `Translated`)."""

    key: object
    item: object
    dimension: str = ""

    @property
    def name(self) -> str:
        return self.item.name


def outline(model: MaturityModel) -> dict[str, list[Named]]:
    """Levels, dimensions and areas of a model version, from its kept ModelDisplay."""
    return ModelDisplay.of(model).outline()


def models_for(organisation: Organisation) -> QuerySet[MaturityModel]:
    """The published model versions the organisation uses: shipped ones and its own, never
    another organisation's (whose slug and version may be the same)."""
    return (
        MaturityModel.objects.filter(used_by=organisation, status=MaturityModel.Status.PUBLISHED)
        .filter(Q(organisation__isnull=True) | Q(organisation=organisation))
        .order_by("slug", "version", F("organisation").asc(nulls_first=True))
    )


def current_targets(team: Team) -> dict[str, int]:
    """dimension key → target level of the team (dimensions without a target are absent)."""
    return dict(
        Target.objects.filter(team=team, current=True, level__isnull=False).values_list(
            "dimension_key", "level"
        )
    )
