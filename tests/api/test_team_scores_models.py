"""teams/<id>/scores/ of a team with results of two models: ?model= keeps one."""

import pytest

from tests.several_models import two_models

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(organisation, team, mlops, mini_model, member, manager):
    return two_models(organisation, team, mlops, mini_model, member=member, manager=manager)


def test_the_team_scores_api_keeps_one_model_with_model(reader, team, results, mlops, mini_model):
    url = f"/api/v1/organisations/acme/teams/{team.pk}/scores/"

    every = reader.get(url).json()["results"]
    assert {row["model_id"] for row in every} == {mlops.pk, mini_model.pk}
    rows = reader.get(url, {"model": mini_model.pk}).json()["results"]
    assert [row["label"] for row in rows] == ["Mini 2026 Q1", "Mini 2026 Q3"]
    assert set(rows[1]["areas"]) == {"collaboration", "delivery", "monitoring"}
    assert reader.get(url, {"model": 999999}).status_code == 404
