"""A team with results of two models: the team page, the changes, the comparison, the
organisation dashboard and the API show each model's results apart, never mixed."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from assessments import services
from assessments.models import Target
from dashboards.selectors import area_scores
from maturity.interchange import import_model
from tests.several_models import MLOPS_AREAS, submit, two_models

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(organisation, team, mlops, mini_model, member, manager):
    return two_models(organisation, team, mlops, mini_model, member=member, manager=manager)


def team_page(client, team, **query):
    return client.get(reverse("dashboards:team", args=["acme", team.slug]), query)


def test_the_team_page_shows_the_most_recent_results_model_by_default(
    client_for, manager, team, results, mlops, mini_model
):
    response = team_page(client_for(manager), team)

    context = response.context
    assert context["model"] == mini_model
    assert context["latest"] == results["mini2"]
    assert [a.label for a in context["model_history"]] == ["Mini 2026 Q1", "Mini 2026 Q3"]
    assert [a.name for a, *_rest in context["area_rows"]] == [
        "Collaboration",
        "Delivery",
        "Monitoring",
    ]
    assert context["trend"].labels == ["Mini 2026 Q1", "Mini 2026 Q3"]
    html = response.content.decode()
    assert "Latest result (Mini 2026 Q3)" in html
    # The switch: a link per model version, the shown one marked for screen readers.
    assert f'href="?model={mlops.pk}"' in html and f'href="?model={mini_model.pk}"' in html
    assert f'href="?model={mini_model.pk}" aria-current="page">' in html
    assert "Model release" not in html


def test_the_switch_shows_the_other_models_latest_result_and_trend(
    client_for, manager, team, results, mlops
):
    response = team_page(client_for(manager), team, model=mlops.pk)

    context = response.context
    assert context["model"] == mlops and context["latest"] == results["ml2"]
    assert [a.label for a in context["model_history"]] == ["ML 2026 Q1", "ML 2026 Q2"]
    assert context["trend"].labels == ["ML 2026 Q1", "ML 2026 Q2"]
    assert [a.key for a, *_rest in context["area_rows"]] == MLOPS_AREAS
    assert [row[0].label for row in context["trend_rows"]] == ["ML 2026 Q1", "ML 2026 Q2"]
    html = response.content.decode()
    assert "Latest result (ML 2026 Q2)" in html
    assert "Collaboration" not in html
    assert f'href="?model={mlops.pk}" aria-current="page">' in html


def test_the_team_page_reads_a_bounded_number_of_queries(
    client_for, manager, team, results, mlops, mini_model, member, django_assert_max_num_queries
):
    client = client_for(manager)
    team_page(client, team)  # the model displays are kept after the first read
    with django_assert_max_num_queries(30) as before:
        team_page(client, team, model=mlops.pk)
    for n in range(3):  # more results of both models: not one query more
        day = date(2027, 1 + n, 1)
        submit(team, mlops, MLOPS_AREAS, f"More {n}", day, 2, member=member, manager=manager)
    with django_assert_max_num_queries(len(before.captured_queries)):
        team_page(client, team, model=mlops.pk)


def test_a_model_the_team_has_no_result_of_is_no_page(
    client_for, manager, team, results, outsider, other_organisation, mini_data
):
    mini_data.update(slug="globex-own", version="1")
    foreign = import_model(mini_data, status="published", organisation=other_organisation)
    client = client_for(manager)

    assert team_page(client, team, model=foreign.pk).status_code == 404
    assert team_page(client, team, model=999999).status_code == 404
    assert team_page(client, team, model="x").status_code == 404


def test_targets_show_only_for_the_dimensions_and_levels_of_the_shown_model(
    client_for, manager, team, results, mlops
):
    services.target_set(team=team, dimension_key="people", level=4, by=manager)
    services.target_set(team=team, dimension_key="culture", level=2, by=manager)
    # A level above the mini model's scale (0–2): not one of its levels, not shown.
    services.target_set(team=team, dimension_key="automation", level=3, by=manager)
    client = client_for(manager)

    assert team_page(client, team).context["targets"] == {"culture": 2}
    assert team_page(client, team, model=mlops.pk).context["targets"] == {"people": 4}


def test_changes_refuse_two_assessments_of_different_models(client_for, manager, team, results):
    url = reverse("dashboards:changes", args=["acme", team.slug])
    response = client_for(manager).get(url, {"from": results["ml2"].pk, "to": results["mini2"].pk})

    assert response.status_code == 200
    assert "area_rows" not in response.context
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert "different models" in message and "ML 2026 Q2" in message


def test_changes_default_to_the_previous_result_of_the_same_model(
    client_for, manager, team, results
):
    url = reverse("dashboards:changes", args=["acme", team.slug])
    response = client_for(manager).get(url, {"to": results["ml2"].pk})

    assert response.context["before"] == results["ml1"]
    assert [a.key for a, *_rest in response.context["area_rows"]] == MLOPS_AREAS
    # Without a choice: the most recent result and the previous one of its model.
    response = client_for(manager).get(url)
    assert (response.context["before"], response.context["after"]) == (
        results["mini1"],
        results["mini2"],
    )


@pytest.fixture
def second_team(other_team, mlops, member, manager, results):
    """A team with a result of the MLOps model only."""
    submit(
        other_team,
        mlops,
        MLOPS_AREAS,
        "ML 2026 Q2",
        date(2026, 5, 1),
        2,
        member=member,
        manager=manager,
    )
    return other_team


def compare(client, **query):
    return client.get(reverse("dashboards:compare", args=["acme"]), query)


def test_compare_compares_the_latest_results_of_one_model_only(
    client_for, manager, team, second_team, mlops, mini_model, results
):
    client = client_for(manager)
    teams = [team.slug, second_team.slug]

    response = compare(client, teams=teams, model=mini_model.pk)
    assert [t.slug for t, _values in response.context["rows"]] == [team.slug]
    assert response.context["without_result"] == [second_team.name]
    assert [a.name for a in response.context["areas"]] == [
        "Collaboration",
        "Delivery",
        "Monitoring",
    ]

    response = compare(client, teams=teams, model=mlops.pk)
    rows = {t.slug: (t.latest_id, values) for t, values in response.context["rows"]}
    assert rows[team.slug][0] == team.assessments.get(label="ML 2026 Q2").pk
    stored = area_scores([results["ml2"].pk])[results["ml2"].pk]
    # Its MLOps result, not the more recent mini one.
    assert rows[team.slug][1] == [stored[key][1] for key in MLOPS_AREAS]
    assert len(rows) == 2


def test_compare_defaults_to_the_most_recent_results_model_and_refuses_a_foreign_one(
    client_for, manager, team, second_team, mini_model, other_organisation, mini_data
):
    client = client_for(manager)
    teams = [team.slug, second_team.slug]

    assert compare(client, teams=teams).context["model"] == mini_model
    mini_data.update(slug="globex-own", version="1")
    foreign = import_model(mini_data, status="published", organisation=other_organisation)
    assert compare(client, teams=teams, model=foreign.pk).status_code == 404


def dashboard(client, **query):
    return client.get(reverse("organisation", args=["acme"]), query)


def test_every_figure_of_the_dashboard_follows_the_model_filter(
    client_for, manager, team, second_team, mlops, mini_model
):
    Target.objects.create(team=second_team, dimension_key="people", level=4, current=True)
    Target.objects.create(team=team, dimension_key="automation", level=3, current=True)
    client = client_for(manager)

    mini = dashboard(client, model=mini_model.pk, stale=60).context
    heat = {row["team"].slug: row for row in mini["heat_rows"]}
    assert heat[second_team.slug]["team"].latest_id is None
    assert heat[team.slug]["label"] == "Mini 2026 Q3"
    assert [d.key for d, _counts in mini["distribution"]] == ["culture", "automation"]
    assert [sum(counts) for _d, counts in mini["distribution"]] == [1, 1]
    assert sum(q.teams for q in mini["trend"]) == 2  # the two mini results only
    assert mini["below_target"] == []  # automation 3 lies above the mini model's scale
    assert [(slug, last) for slug, _name, last in mini["stale"]] == [(second_team.slug, None)]

    ml = dashboard(client, model=mlops.pk, stale=60).context
    heat = {row["team"].slug: row for row in ml["heat_rows"]}
    assert heat[team.slug]["label"] == "ML 2026 Q2"
    assert heat[second_team.slug]["label"] == "ML 2026 Q2"
    assert [sum(counts) for _d, counts in ml["distribution"]] == [2, 2, 2]
    assert sum(q.teams for q in ml["trend"]) == 3
    assert [(row[0], row[2], row[4]) for row in ml["below_target"]] == [
        (second_team.slug, "people", 4)
    ]
    assert ml["stale"] == []
