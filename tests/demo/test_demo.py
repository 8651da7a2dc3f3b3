from collections import Counter

import pytest
from django.core.management import call_command

from accounts.models import User
from assessments import selectors
from assessments.models import AgreedAnswer, Assessment
from demo.seed import SECOND_MODEL, SECOND_MODEL_TEAMS
from maturity.models import MaturityModel
from plans.models import Action
from plans.selectors import team_plan
from rounds.models import Mail, Round


@pytest.fixture
def demo(db):
    call_command("load_models", verbosity=0)
    call_command("seed_demo", verbosity=0)


def submitted_per_team(model_slug):
    return Counter(
        Assessment.objects.filter(state="submitted", model__slug=model_slug).values_list(
            "team__slug", flat=True
        )
    )


def test_demo_teams_have_quarterly_histories_and_a_round_under_way(demo):
    submitted = submitted_per_team("mlops")
    assert len(submitted) >= 6
    assert all(4 <= count <= 8 for count in submitted.values()), submitted
    # Two teams are also assessed against the second shipped model, a few quarters.
    assert submitted_per_team(SECOND_MODEL) == SECOND_MODEL_TEAMS
    assert set(SECOND_MODEL_TEAMS.values()) <= {2, 3}
    # The current round: five teams in it, two answering, the others not yet begun.
    round_ = Round.objects.get()
    assert round_.entries.count() == 5 and round_.status == Round.Status.OPEN
    begun = Assessment.objects.filter(state="in_progress").values_list("team__slug", flat=True)
    assert sorted(begun) == ["fraud-ml", "recommendations"]
    assert Assessment.objects.filter(state="draft").exclude(carried_from=None).count() == 3
    assert not Mail.objects.filter(sent_at=None).exists()  # the demo e-mails nobody


def test_demo_shows_progress_and_disagreement(demo):
    histories = Assessment.objects.order_by().values_list("team", "model").distinct()
    assert len(histories) == 6 + len(SECOND_MODEL_TEAMS)
    for team, model in histories:
        history = list(
            Assessment.objects.filter(team=team, model=model, state="submitted").order_by("date")
        )
        results = selectors.results(history)
        scores = [results[a.pk].overall.score for a in history]
        assert scores[-1] > scores[0], scores
        assert all(r.complete for r in results.values())
    disagreements = [
        area
        for result in selectors.results(Assessment.objects.all()).values()
        for area in result.areas.values()
        if area.disagreement
    ]
    assert disagreements
    assert AgreedAnswer.objects.exists()


AREAS = ["people", "model-creation", "model-release", "application-integration", "technology"]


def test_demo_journey_answer_disagree_agree_submit_export(demo, client, capsys):
    """DONE WHEN of the sessions issue, on the demo data, through the pages."""
    import json

    from django.urls import reverse

    assessment = Assessment.objects.get(state="in_progress", team__slug="fraud-ml")
    base = ["demo", assessment.team.slug, assessment.pk]
    dana = User.objects.get(email="data.scientist@demo.example")
    erik = User.objects.get(email="engineer@demo.example")
    backend = "django.contrib.auth.backends.ModelBackend"

    client.force_login(dana, backend=backend)
    page = client.get(
        reverse("assessments:answer", args=base), follow=True, HTTP_ACCEPT_LANGUAGE="de"
    )
    assert "Personen" in page.content.decode()  # the model's German texts
    for area in AREAS:
        client.post(reverse("assessments:answer_area", args=[*base, area]), {"level": 0})
    client.force_login(erik, backend=backend)
    for area in AREAS:
        client.post(reverse("assessments:answer_area", args=[*base, area]), {"level": 3})

    client.force_login(User.objects.get(email="manager@demo.example"), backend=backend)
    facilitate = client.get(reverse("assessments:facilitate", args=base))
    assert all(row["result"].disagreement for row in facilitate.context["rows"])
    for area in AREAS:
        client.post(reverse("assessments:agree", args=[*base, area]), {"level": 1})
    client.post(reverse("assessments:submit", args=base))

    results = client.get(reverse("assessments:detail", args=base))
    assessment.refresh_from_db()
    assert assessment.state == "submitted"
    result = results.context["result"]
    assert result.overall.level == 1
    assert results.context["steps"]  # the roadmap to level 2
    capsys.readouterr()
    call_command("export_results", "demo")
    exported = next(
        item
        for item in json.loads(capsys.readouterr().out)["assessments"]
        if item["team"] == assessment.team.slug and item["label"] == assessment.label
    )
    assert exported["overall"] == {"score": round(result.overall.score, 2), "level": 1}
    assert {key: area["source"] for key, area in exported["areas"].items()} == dict.fromkeys(
        AREAS, "agreed"
    )


def test_demo_manager_sees_teams_below_target(demo, client):
    from django.urls import reverse

    client.force_login(
        User.objects.get(email="manager@demo.example"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    response = client.get(reverse("organisation", args=["demo"]))

    # The demo opens on the model all six teams use; the second model is one choice away.
    assert response.context["filters"].model == MaturityModel.objects.get(slug="mlops")
    assert response.context["below_target"]
    assert len(response.context["heat_rows"]) == 6
    assert len(response.context["trend"]) >= 4


def test_demo_dashboard_offers_both_models_and_shows_the_second_ones_teams(demo, client):
    from django.urls import reverse

    client.force_login(
        User.objects.get(email="manager@demo.example"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    second = MaturityModel.objects.get(slug=SECOND_MODEL)
    response = client.get(
        reverse("organisation", args=["demo"]), {"model": second.pk}, HTTP_ACCEPT_LANGUAGE="de"
    )

    choices = [pk for pk, _name in response.context["form"].fields["model"].choices]
    assert sorted(choices) == sorted(MaturityModel.objects.values_list("pk", flat=True))
    assessed = {row["team"].slug for row in response.context["heat_rows"] if row["label"]}
    assert assessed == set(SECOND_MODEL_TEAMS)
    assert response.context["below_target"]  # Data Platform's targets for this model
    page = response.content.decode()
    assert "Datenpipelines" in page and "Zugriffsverwaltung" in page  # its German area names
    assert "Modellfreigabe" not in page  # and nothing of the MLOps model


def test_demo_seeded_before_the_second_model_shipped_gains_it(db):
    """`seed_demo` on a demo made with the MLOps model alone adds the second model's
    histories and leaves the rest as it was."""
    import json
    from pathlib import Path

    from maturity.interchange import import_model

    fixtures = Path(__file__).resolve().parents[2] / "maturity" / "fixtures"
    import_model(json.loads((fixtures / "mlops-1.json").read_text()), status="published")
    call_command("seed_demo", verbosity=0)
    before = set(Assessment.objects.values_list("pk", flat=True))
    assert not submitted_per_team(SECOND_MODEL)

    call_command("load_models", verbosity=0)
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)

    assert submitted_per_team(SECOND_MODEL) == SECOND_MODEL_TEAMS
    added = Assessment.objects.exclude(pk__in=before)
    assert set(added.values_list("model__slug", flat=True)) == {SECOND_MODEL}


def test_demo_has_a_plan_with_a_done_an_overdue_and_a_free_action(demo, client):
    actions = Action.objects.filter(team__slug="fraud-ml")
    assert sorted(actions.values_list("status", flat=True)) == [
        "done",
        "in_progress",
        "open",
        "open",
    ]
    assert actions.filter(characteristic=None).count() == 1
    groups = team_plan(actions.first().team)
    assert any(action.overdue for group in groups for action in group.actions)
    call_command("seed_demo", verbosity=0)  # again: nothing doubled
    assert actions.count() == 4
    client.force_login(User.objects.get(email="data.scientist@demo.example"))
    home = client.get("/o/demo/").content.decode()
    assert "Share the feature store" in home  # "Your actions"
