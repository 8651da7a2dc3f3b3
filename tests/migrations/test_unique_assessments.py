"""assessments.0009/0010: labels become unique per team and a team keeps one open assessment
per model version, without losing an answer. The database is migrated back to 0008, given
duplicates as a double click made them, and migrated forward again."""

from datetime import date

import pytest
from django.core.management import call_command
from tests.migrations.helpers import migrate, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("assessments", "0009_scores_from_reached_levels")]
AFTER = [("assessments", "0011_one_open_assessment_per_model")]


@pytest.fixture
def old_apps():
    yield migrate(BEFORE)
    migrate_to_latest()


def world(apps):
    call_command("load_models", verbosity=0)
    Organisation = apps.get_model("accounts", "Organisation")
    Team = apps.get_model("accounts", "Team")
    User = apps.get_model("accounts", "User")
    MaturityModel = apps.get_model("maturity", "MaturityModel")
    organisation = Organisation.objects.create(name="Acme", slug="acme")
    team = Team.objects.create(organisation=organisation, name="Fraud ML", slug="fraud-ml")
    user = User.objects.create(email="bob@acme.example", password="!")
    return team, user, MaturityModel.objects.get(slug="mlops", version="1")


def add(apps, team, model, label, state="draft", answered_by=None):
    Assessment = apps.get_model("assessments", "Assessment")
    assessment = Assessment.objects.create(
        team=team, model=model, label=label, date=date(2026, 12, 2), state=state
    )
    if answered_by:
        area = apps.get_model("maturity", "Area").objects.filter(model=model).first()
        apps.get_model("assessments", "Answer").objects.create(
            assessment=assessment, respondent=answered_by, area=area, level=1
        )
    return assessment.pk


def test_empty_doubles_go_and_repeated_labels_are_numbered(old_apps, capsys):
    team, user, model = world(old_apps)
    submitted = add(old_apps, team, model, "2026 Q4", state="submitted", answered_by=user)
    answered = add(old_apps, team, model, "2026 Q4", state="in_progress", answered_by=user)
    empty = add(old_apps, team, model, "2026 Q4")
    taken = add(old_apps, team, model, "2026 Q4 (2)", state="submitted")

    apps = migrate(AFTER)

    Assessment = apps.get_model("assessments", "Assessment")
    labels = dict(Assessment.objects.values_list("pk", "label"))
    assert labels == {submitted: "2026 Q4", answered: "2026 Q4 (3)", taken: "2026 Q4 (2)"}
    assert empty not in labels
    assert apps.get_model("assessments", "Answer").objects.count() == 2
    out = capsys.readouterr().out
    assert f"ids {empty}" in out and f"'2026 Q4' → '2026 Q4 (3)' (id {answered})" in out


def test_two_open_assessments_with_answers_stop_the_migration_unchanged(old_apps):
    team, user, model = world(old_apps)
    first = add(old_apps, team, model, "2026 Q4", answered_by=user)
    second = add(old_apps, team, model, "2026 Q4", answered_by=user)

    with pytest.raises(RuntimeError, match=f"'2026 Q4' \\(id {first}\\), '2026 Q4' \\(id {second}"):
        migrate(AFTER)

    Assessment = old_apps.get_model("assessments", "Assessment")
    assert Assessment.objects.count() == 2
    Assessment.objects.filter(pk=second).update(state="submitted")  # as the admin would
    migrate(AFTER)
    assert Assessment.objects.filter(pk=second).values_list("label", flat=True).get() == (
        "2026 Q4 (2)"
    )
