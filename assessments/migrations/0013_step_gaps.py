from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models

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


def store_gaps(apps, schema_editor):
    """The next steps' missing characteristics of every submitted assessment, as
    assessments.stored.results_store now stores them on submit."""
    Assessment = apps.get_model("assessments", "Assessment")
    Answer = apps.get_model("assessments", "Answer")
    AgreedAnswer = apps.get_model("assessments", "AgreedAnswer")
    StepGap = apps.get_model("assessments", "StepGap")
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
        structure = structures[assessment.model_id]
        dimension_of = {area.key: area.dimension for area in structure}
        result = scoring.score(structure, answers, agreed)
        StepGap.objects.bulk_create(
            StepGap(
                assessment=assessment,
                area_key=key,
                dimension_key=dimension_of[key],
                characteristic_key=characteristic,
                reached=area.reached,
            )
            for key, area in result.areas.items()
            for characteristic in area.new_next
            if characteristic not in area.ticked
        )


class Migration(migrations.Migration):
    """The common gaps (plans) count these rows; older submitted assessments get theirs."""

    dependencies = [
        ("assessments", "0012_anonymous_and_carried_from"),
        ("maturity", "0003_model_names_per_organisation"),
    ]

    operations = [
        migrations.CreateModel(
            name="StepGap",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("area_key", models.SlugField(max_length=60)),
                ("dimension_key", models.SlugField(max_length=60)),
                ("characteristic_key", models.CharField(max_length=120)),
                ("reached", models.PositiveSmallIntegerField()),
                (
                    "assessment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="step_gaps",
                        to="assessments.assessment",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["characteristic_key"], name="step_gap_characteristic")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("assessment", "characteristic_key"),
                        name="one_gap_per_characteristic",
                    )
                ],
            },
        ),
        migrations.RunPython(store_gaps, migrations.RunPython.noop),
    ]
