"""Report now lives in the reports app (reports.0001 took over its state and table): drop it
from this app's state only, so that no row is lost."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0004_reports"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Report")],
            database_operations=[],
        ),
    ]
