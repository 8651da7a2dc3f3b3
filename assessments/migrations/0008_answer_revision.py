from django.db import migrations


class Migration(migrations.Migration):
    """The client's sequence number becomes the server's revision counter: a stored value
    stays as it is (any number will do; pages start from what they are shown)."""

    dependencies = [
        ("assessments", "0007_assessment_date_window"),
    ]

    operations = [
        migrations.RenameField(model_name="answer", old_name="sequence", new_name="revision"),
    ]
