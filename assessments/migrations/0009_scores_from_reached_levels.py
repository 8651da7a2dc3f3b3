from collections import defaultdict

from django.db import migrations

from assessments import scoring  # pure functions on plain values: safe to use here


def area_models(apps, model_id):
    """The model version's scoring.AreaModel list, as assessments.selectors.area_models."""
    Level = apps.get_model("maturity", "Level")
    Area = apps.get_model("maturity", "Area")
    Characteristic = apps.get_model("maturity", "Characteristic")
    numbers = sorted(Level.objects.filter(model_id=model_id).values_list("number", flat=True))
    cells = defaultdict(lambda: defaultdict(list))
    for area_id, number, key, text in (
        Characteristic.objects.filter(model_id=model_id)
        .order_by("position")
        .values_list("area_id", "level__number", "key", "text_de")
    ):
        cells[area_id][number].append(scoring.Characteristic(key, text))
    return [
        scoring.AreaModel(
            key=key, dimension=dimension, levels={n: tuple(cells[pk][n]) for n in numbers}
        )
        for pk, key, dimension in Area.objects.filter(model_id=model_id)
        .order_by("position")
        .values_list("pk", "key", "dimension__key")
    ]


def rescore(apps, schema_editor):
    """Scores and levels of submitted assessments again, from the reached level (a level that
    adds nothing new is reached with the level below it): the stored rows are updated."""
    Assessment = apps.get_model("assessments", "Assessment")
    Answer = apps.get_model("assessments", "Answer")
    AgreedAnswer = apps.get_model("assessments", "AgreedAnswer")
    AreaScore = apps.get_model("assessments", "AreaScore")
    DimensionScore = apps.get_model("assessments", "DimensionScore")
    structures = {}
    for assessment in Assessment.objects.filter(state="submitted").iterator():
        if assessment.model_id not in structures:
            structures[assessment.model_id] = area_models(apps, assessment.model_id)
        answers, agreed = defaultdict(list), {}
        for key, level, ticked in Answer.objects.filter(assessment=assessment).values_list(
            "area__key", "level", "ticked"
        ):
            answers[key].append(scoring.Answer(level, frozenset(ticked)))
        for key, level, ticked in AgreedAnswer.objects.filter(assessment=assessment).values_list(
            "area__key", "level", "ticked"
        ):
            agreed[key] = scoring.Answer(level, frozenset(ticked))
        result = scoring.score(structures[assessment.model_id], answers, agreed)
        for row in AreaScore.objects.filter(assessment=assessment):
            area = result.areas.get(row.area_key)
            if area is not None and (row.level, row.score) != (area.reached, area.score):
                row.level, row.score = area.reached, area.score
                row.save(update_fields=["level", "score"])
        for row in DimensionScore.objects.filter(assessment=assessment):
            dimension = result.dimensions.get(row.dimension_key)
            if dimension is not None and (row.level, row.score) != (
                dimension.level,
                dimension.score,
            ):
                row.level, row.score = dimension.level, dimension.score
                row.save(update_fields=["level", "score"])
        if result.overall is not None and assessment.overall_score is not None:
            assessment.overall_score = result.overall.score
            assessment.overall_level = result.overall.level
            assessment.save(update_fields=["overall_score", "overall_level"])


class Migration(migrations.Migration):
    """Stored scores follow DESIGN.md's rule for levels that add nothing new. Going back
    leaves them as they are (the old rule is not restored)."""

    dependencies = [
        ("assessments", "0008_answer_revision"),
        ("maturity", "0003_model_names_per_organisation"),
    ]

    operations = [migrations.RunPython(rescore, migrations.RunPython.noop)]
