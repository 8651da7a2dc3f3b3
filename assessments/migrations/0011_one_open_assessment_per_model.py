from django.db import migrations, models


class Migration(migrations.Migration):
    """A team has one open assessment per model version and uses a label once (the data was
    made to fit in 0009; a separate migration, as PostgreSQL adds constraints only after the
    deletions of 0009 are committed)."""

    dependencies = [
        ("assessments", "0010_unique_labels_and_open_assessments"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="assessment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state__in", ["draft", "in_progress"])),
                fields=("team", "model"),
                name="one_open_assessment_per_team_and_model",
            ),
        ),
        migrations.AddConstraint(
            model_name="assessment",
            constraint=models.UniqueConstraint(fields=("team", "label"), name="one_label_per_team"),
        ),
    ]
