"""The Report model moves from assessments to reports with its table and rows: the state is
created here while the table stays (its old name, renamed in 0002); assessments.0005 then
drops the model from its own state only."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("assessments", "0004_reports"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Report",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("assessment", "One assessment"),
                                    ("team", "A team's history"),
                                    ("organisation", "The organisation"),
                                ],
                                max_length=16,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "language",
                            models.CharField(default="en", max_length=8, verbose_name="language"),
                        ),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("queued", "Queued"),
                                    ("running", "Running"),
                                    ("done", "Done"),
                                    ("failed", "Failed"),
                                ],
                                default="queued",
                                max_length=10,
                                verbose_name="state",
                            ),
                        ),
                        (
                            "progress",
                            models.PositiveSmallIntegerField(default=0, verbose_name="progress"),
                        ),
                        ("error", models.TextField(blank=True, verbose_name="error")),
                        (
                            "file",
                            models.FileField(
                                blank=True, upload_to="reports/%Y/%m/", verbose_name="file"
                            ),
                        ),
                        ("size", models.PositiveIntegerField(default=0, verbose_name="size")),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="ordered"),
                        ),
                        (
                            "finished_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="finished"),
                        ),
                        (
                            "assessment",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="assessments.assessment",
                            ),
                        ),
                        (
                            "ordered_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reports",
                                to="accounts.organisation",
                            ),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="accounts.team",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "report",
                        "verbose_name_plural": "reports",
                        "ordering": ["-created_at", "-pk"],
                        "db_table": "assessments_report",
                        "indexes": [
                            models.Index(
                                fields=["organisation", "created_at"], name="report_org_created"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
