"""Reads shaped for pages and exports: a fixed number of queries, however many rows."""

from collections import defaultdict
from dataclasses import dataclass

from assessments import scoring
from assessments.models import AgreedAnswer, Answer
from maturity.models import Area, Characteristic, Level, active_language


def area_models(model_ids, area_key=None):
    """model id → [scoring.AreaModel] in model order (three queries for any number of models);
    with `area_key`, of that area only."""
    levels = defaultdict(list)
    for model_id, number in Level.objects.filter(model_id__in=model_ids).values_list(
        "model_id", "number"
    ):
        levels[model_id].append(number)
    characteristics = Characteristic.objects.filter(model_id__in=model_ids)
    areas = Area.objects.filter(model_id__in=model_ids)
    if area_key is not None:
        characteristics = characteristics.filter(area__key=area_key)
        areas = areas.filter(key=area_key)
    cells = defaultdict(lambda: defaultdict(list))
    for area_id, number, key, text in characteristics.order_by("position").values_list(
        "area_id", "level__number", "key", "text_de"
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


def area_model(model_id, key):
    """One area's scoring.AreaModel, or None if the model has no such area."""
    return next(iter(area_models([model_id], area_key=key).get(model_id, [])), None)


def roadmap_steps(display, structures, result, targets=None):
    """The roadmap with the names and texts a page shows (ModelDisplay of the model)."""
    from assessments import roadmap

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


def results(assessments, structures=None):
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


def result(assessment, structures=None):
    return results([assessment], structures)[assessment.pk]


def respondent_count(assessment_ids):
    """assessment id → number of people who answered at least one area."""
    counts = defaultdict(set)
    for assessment_id, respondent_id in (
        Answer.objects.filter(assessment_id__in=assessment_ids)
        .values_list("assessment_id", "respondent_id")
        .distinct()
    ):
        counts[assessment_id].add(respondent_id)
    return {pk: len(people) for pk, people in counts.items()}


class ModelDisplay:
    """A model version's names and texts in the active language, loaded in four queries."""

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

    def texts(self, keys):
        return [self.characteristics[key] for key in keys if key in self.characteristics]

    def area_models(self):
        """The model's [scoring.AreaModel], as `area_models` reads them, without a query."""
        numbers = {level.pk: level.number for level in self.levels.values()}
        cells = defaultdict(lambda: defaultdict(list))
        for characteristic in self.characteristics.values():
            cells[characteristic.area_id][numbers[characteristic.level_id]].append(
                scoring.Characteristic(characteristic.key, characteristic.text_de)
            )
        return [
            scoring.AreaModel(
                key=area.key,
                dimension=area.dimension.key,
                levels={n: tuple(cells[area.pk][n]) for n in self.levels},
            )
            for area in self.areas.values()
        ]

    def cells(self, area):
        """[(level, [characteristics])] of one area, every level in order."""
        by_level = defaultdict(list)
        for characteristic in self.characteristics.values():
            if characteristic.area_id == area.pk:
                by_level[characteristic.level_id].append(characteristic)
        return [(level, by_level[level.pk]) for level in self.levels.values()]


def previous_submitted(assessment):
    from assessments.models import Assessment

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
class Named:
    key: object
    names: tuple  # (German, English)
    dimension: str = ""

    @property
    def name(self):
        return self.names[0] if active_language() == "de" else self.names[1]


_outlines = {}


def outline(model):
    """Levels, dimensions and areas of a model version, kept in memory.

    A version that can be assessed is published and never changes, so its outline is read
    once per process; the key includes the creation time so a reused id cannot match.
    """
    key = (model.pk, model.slug, model.version, model.created_at)
    if key not in _outlines:
        _outlines[key] = {
            "levels": [
                Named(n, (de, en))
                for n, de, en in model.levels.order_by("number").values_list(
                    "number", "name_de", "name_en"
                )
            ],
            "dimensions": [
                Named(k, (de, en))
                for k, de, en in model.dimensions.order_by("position").values_list(
                    "key", "name_de", "name_en"
                )
            ],
            "areas": [
                Named(k, (de, en), dimension)
                for k, de, en, dimension in model.areas.order_by("position").values_list(
                    "key", "name_de", "name_en", "dimension__key"
                )
            ],
        }
    return _outlines[key]
