"""The table takes the reports app's name, and the content type (admin log, permissions)
follows the model, so that nothing refers to the old app."""

from django.db import migrations


def content_type_forward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="reports", model="report").exists():
        ContentType.objects.filter(app_label="assessments", model="report").update(
            app_label="reports"
        )


def content_type_backward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="assessments", model="report").exists():
        ContentType.objects.filter(app_label="reports", model="report").update(
            app_label="assessments"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("reports", "0001_initial"),
        ("assessments", "0005_report_moved_to_reports"),
    ]

    operations = [
        migrations.AlterModelTable(name="report", table=None),
        migrations.RunPython(content_type_forward, content_type_backward),
    ]
