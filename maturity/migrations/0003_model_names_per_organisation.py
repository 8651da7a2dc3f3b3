# A slug and version are unique among the shipped models and within each organisation.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("maturity", "0002_revised_at"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="maturitymodel",
            name="model_slug_version_unique",
        ),
        migrations.AddConstraint(
            model_name="maturitymodel",
            constraint=models.UniqueConstraint(
                condition=models.Q(("organisation__isnull", True)),
                fields=("slug", "version"),
                name="shipped_model_slug_version_unique",
            ),
        ),
        migrations.AddConstraint(
            model_name="maturitymodel",
            constraint=models.UniqueConstraint(
                condition=models.Q(("organisation__isnull", False)),
                fields=("organisation", "slug", "version"),
                name="own_model_slug_version_unique",
            ),
        ),
    ]
