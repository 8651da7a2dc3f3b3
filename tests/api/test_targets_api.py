"""A team's targets through the API: read by everyone who sees the team, set by managers
(and writing tokens) through assessments.services.target_set."""

import pytest
from rest_framework.test import APIClient

from assessments.models import Target


def url(organisation, team, key=""):
    tail = f"{key}/" if key else ""
    return f"/api/v1/organisations/{organisation.slug}/teams/{team.pk}/targets/{tail}"


@pytest.fixture
def session():
    def login(user):
        client = APIClient()
        client.force_login(user)
        return client

    return login


def test_every_dimension_in_use_is_listed_without_a_target(
    reader, organisation, team, model_in_use
):
    rows = reader.get(url(organisation, team)).json()

    assert [row["dimension"] for row in rows] == ["people", "process", "technology"]
    assert all(row["level"] is None and row["set_by"] is None for row in rows)


def test_a_writing_token_sets_and_removes_a_target(writer, organisation, team, model_in_use):
    response = writer.put(url(organisation, team, "process"), {"level": 3}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["level"] == 3
    assert response.json()["set_by"]["name"] == "API: write token"
    listed = {row["dimension"]: row["level"] for row in writer.get(url(organisation, team)).json()}
    assert listed == {"people": None, "process": 3, "technology": None}

    cleared = writer.put(url(organisation, team, "process"), {"level": None}, format="json")

    assert cleared.json()["level"] is None
    # The old target is kept, as the page keeps it.
    assert list(Target.objects.order_by("pk").values_list("level", "current")) == [
        (3, False),
        (None, True),
    ]


@pytest.mark.parametrize("level", [5, -1, "x", "²", 2**70, "1.5"])
def test_a_level_the_model_lacks_is_a_400(writer, organisation, team, model_in_use, level):
    response = writer.put(url(organisation, team, "process"), {"level": level}, format="json")

    assert response.status_code == 400
    assert "level" in response.json()["errors"]
    assert not Target.objects.exists()


def test_an_unknown_dimension_is_a_404(writer, organisation, team, model_in_use):
    response = writer.put(url(organisation, team, "nope"), {"level": 1}, format="json")

    assert response.status_code == 404
    assert not Target.objects.exists()


def test_members_read_but_may_not_set_targets(session, organisation, team, member, model_in_use):
    client = session(member)

    assert client.get(url(organisation, team)).status_code == 200
    response = client.put(url(organisation, team, "process"), {"level": 2}, format="json")

    assert response.status_code == 403
    assert not Target.objects.exists()


def test_a_team_the_caller_does_not_see_is_a_404(
    session, organisation, other_team, member, model_in_use
):
    client = session(member)

    assert client.get(url(organisation, other_team)).status_code == 404
    assert client.get(url(organisation, other_team, "process")).status_code == 404


def test_a_managers_session_sets_a_target(session, organisation, team, manager, model_in_use):
    response = session(manager).put(url(organisation, team, "people"), {"level": 0}, format="json")

    assert response.status_code == 200
    assert Target.objects.get(team=team, current=True).set_by == manager
