"""The common gaps through the API: the figures of plans/gaps.py, for managers and tokens."""

import pytest
from rest_framework.test import APIClient

from rounds.models import Round
from tests.plans.gap_helpers import action, submit, teams_in_bulk


def url(organisation):
    return f"/api/v1/organisations/{organisation.slug}/gaps/"


@pytest.fixture
def results(team, other_team, model_in_use, manager):
    submit(team, model_in_use, manager, level=1, ticked=["people.2.1"])
    submit(other_team, model_in_use, manager, level=1)
    action(team, model_in_use, "people.2.2", manager)


def test_the_gaps_per_area_with_counts_shares_and_actions(reader, organisation, results):
    body = reader.get(url(organisation)).json()

    assert body["teams"] == 2 and body["round"] is None
    people = body["areas"][0]
    assert people["area"] == "people"
    assert [(g["key"], g["teams"], g["share"], g["with_action"]) for g in people["gaps"]] == [
        ("people.2.2", 2, 1.0, 1),
        ("people.2.1", 1, 0.5, 0),
    ]
    first = people["gaps"][0]
    assert first["level"] == 2 and first["text_de"] and first["text_en"]
    assert [(t["name"], t["has_action"]) for t in first["first_teams"]] == [
        ("Forecasting", False),
        ("Fraud ML", True),
    ]


def test_the_gaps_of_a_dimension(reader, organisation, results):
    body = reader.get(url(organisation), {"dimension": "technology"}).json()

    assert [area["area"] for area in body["areas"]] == ["technology"]


def test_the_gaps_run_in_a_fixed_number_of_queries(
    reader, organisation, model_in_use, manager, django_assert_max_num_queries
):
    teams_in_bulk(organisation, model_in_use, manager, 40)
    reader.get(url(organisation))  # the model's display, read once a process

    with django_assert_max_num_queries(8):
        body = reader.get(url(organisation)).json()

    assert body["teams"] == 40


def test_filters_not_understood_or_foreign_are_refused(
    reader, organisation, other_organisation, model_in_use, mini_model, manager, results
):
    foreign = Round.objects.create(
        organisation=other_organisation,
        label="Q",
        model=model_in_use,
        opens_on="2026-01-01",
        deadline="2026-02-01",
    )

    assert reader.get(url(organisation), {"model": "x"}).status_code == 400
    assert reader.get(url(organisation), {"model": mini_model.pk}).status_code == 404
    assert reader.get(url(organisation), {"round": foreign.pk}).status_code == 404
    assert reader.get(url(organisation), {"dimension": "nope"}).status_code == 400


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_members_and_viewers_are_refused(request, organisation, role, results):
    client = APIClient()
    client.force_login(request.getfixturevalue(role))

    response = client.get(url(organisation))

    assert response.status_code == 403
    assert "people.2.2" not in response.content.decode()


def test_no_model_in_use_is_an_empty_answer(reader, organisation):
    body = reader.get(url(organisation)).json()

    assert body == {"model": None, "round": None, "dimension": None, "teams": 0, "areas": []}
