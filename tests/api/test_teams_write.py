"""POST teams/ and PATCH teams/<id>/: the settings page's rules; a writing token may, as an
admin on the page may; a read-only token, a manager or a member may not."""

import pytest

from accounts.models import Team
from tests.factories import TeamFactory

TEAMS = "/api/v1/organisations/acme/teams/"


def test_a_writing_token_creates_a_team_with_a_slug_made_from_the_name(writer, organisation):
    response = writer.post(
        TEAMS, {"name": "Data Platform Ä", "description": "Pipelines"}, format="json"
    )

    assert response.status_code == 201, response.content
    team = Team.objects.get(organisation=organisation, name="Data Platform Ä")
    assert team.slug == "data-platform-a" and team.description == "Pipelines"
    assert response.json() == {
        "id": team.pk,
        "slug": "data-platform-a",
        "name": "Data Platform Ä",
        "description": "Pipelines",
        "archived": False,
    }


def test_a_taken_or_reserved_slug_is_a_400_with_the_field(writer, team):
    for body in ({"name": "Fraud ML"}, {"name": "New"}, {"name": "x", "slug": "fraud-ml"}):
        response = writer.post(TEAMS, body, format="json")
        assert response.status_code == 400, body
        assert "slug" in response.json()["errors"]
    assert Team.objects.count() == 1


def test_a_writing_token_renames_and_archives_a_team(writer, team):
    url = f"{TEAMS}{team.pk}/"

    renamed = writer.patch(url, {"name": "Fraud Detection"}, format="json")
    archived = writer.patch(url, {"archived": True}, format="json")

    assert renamed.status_code == 200 and archived.status_code == 200
    team.refresh_from_db()
    assert (team.name, team.slug, team.archived) == ("Fraud Detection", "fraud-ml", True)
    assert archived.json()["archived"] is True


def test_an_admin_writes_teams_through_the_session(client_for, admin, team):
    client = client_for(admin)

    created = client.post(TEAMS, {"name": "Search"}, content_type="application/json")
    changed = client.patch(
        f"{TEAMS}{team.pk}/", {"description": "Cards"}, content_type="application/json"
    )

    assert created.status_code == 201 and changed.status_code == 200
    team.refresh_from_db()
    assert team.description == "Cards" and team.name == "Fraud ML"


@pytest.mark.parametrize("role", ["manager", "member"])
def test_people_without_the_pages_permission_may_not(request, client_for, team, role):
    client = client_for(request.getfixturevalue(role))

    created = client.post(TEAMS, {"name": "Search"}, content_type="application/json")
    changed = client.patch(
        f"{TEAMS}{team.pk}/", {"name": "Renamed"}, content_type="application/json"
    )

    assert created.status_code == 403 and changed.status_code == 403
    team.refresh_from_db()
    assert team.name == "Fraud ML" and Team.objects.count() == 1


def test_a_read_only_token_may_not(reader, team):
    assert reader.post(TEAMS, {"name": "Search"}, format="json").status_code == 403
    assert reader.patch(f"{TEAMS}{team.pk}/", {"name": "X"}, format="json").status_code == 403


def test_another_organisations_team_is_a_404(writer, other_organisation):
    foreign = TeamFactory(organisation=other_organisation, name="Theirs")

    response = writer.patch(f"{TEAMS}{foreign.pk}/", {"name": "Ours"}, format="json")

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "Theirs"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": ""},
        {"name": {"a": 1}},
        {"name": ["x"]},
        {"name": "a\x00b"},
        {"name": "bell\x07"},
        {"name": "x" * 121},
        {"name": "ok", "archived": True},
        {"name": "ok", "slug": "not a slug"},
        {"name": "!!!"},
        "just a string",
    ],
)
def test_bad_team_bodies_are_400_and_create_nothing(writer, body):
    response = writer.post(TEAMS, body, format="json")

    assert response.status_code == 400, (body, response.content)
    assert not Team.objects.exists()


def test_a_long_name_gives_a_slug_that_fits(writer):
    response = writer.post(TEAMS, {"name": "word " * 24}, format="json")

    assert response.status_code == 201
    assert len(response.json()["slug"]) <= 60
