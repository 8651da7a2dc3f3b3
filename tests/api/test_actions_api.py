"""Actions through the API: every action the caller sees, a team's plan, creating one and
changing it through plans.services, with the page's lock against overwriting a change."""

import pytest
from rest_framework.test import APIClient

from plans.models import Action
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.plans.gap_helpers import action as action_for


def url(organisation, tail="actions/"):
    return f"/api/v1/organisations/{organisation.slug}/{tail}"


@pytest.fixture
def session():
    def login(user):
        client = APIClient()
        client.force_login(user)
        return client

    return login


@pytest.fixture
def actions(team, other_team, member, manager):
    return [
        Action.objects.create(team=team, title="Registry", owner=member, status="in_progress"),
        Action.objects.create(team=team, title="Monitoring", status="done"),
        Action.objects.create(team=other_team, title="Feature store", created_by=manager),
    ]


def test_the_organisations_actions_filtered_by_team_status_and_owner(
    reader, organisation, team, member, actions
):
    every = reader.get(url(organisation)).json()
    fraud = reader.get(url(organisation), {"team": team.pk}).json()
    pending = reader.get(url(organisation), {"status": "pending"}).json()
    owned = reader.get(url(organisation), {"owner": member.pk}).json()
    nobodys = reader.get(url(organisation), {"owner": "none", "status": "open"}).json()

    assert [row["title"] for row in every["results"]] == ["Feature store", "Registry", "Monitoring"]
    assert {row["title"] for row in fraud["results"]} == {"Monitoring", "Registry"}
    assert {row["title"] for row in pending["results"]} == {"Registry", "Feature store"}
    assert [row["owner"]["id"] for row in owned["results"]] == [member.pk]
    assert [row["title"] for row in nobodys["results"]] == ["Feature store"]


def test_the_list_runs_in_a_fixed_number_of_queries(
    reader, organisation, team, django_assert_max_num_queries
):
    Action.objects.bulk_create(Action(team=team, title=f"Step {n}") for n in range(60))

    with django_assert_max_num_queries(5):
        response = reader.get(url(organisation))

    assert response.json()["count"] == 60 and len(response.json()["results"]) == 50


@pytest.mark.parametrize("query", [{"team": "x"}, {"status": "late"}, {"owner": "me"}])
def test_a_filter_not_understood_is_a_400(reader, organisation, query):
    assert reader.get(url(organisation), query).status_code == 400


def test_a_team_the_caller_does_not_see_is_a_404(
    session, organisation, other_organisation, other_team, member, actions
):
    foreign = TeamFactory(organisation=other_organisation)
    client = session(member)

    assert client.get(url(organisation), {"team": other_team.pk}).status_code == 404
    assert client.get(url(organisation), {"team": foreign.pk}).status_code == 404
    assert client.get(url(organisation, f"teams/{other_team.pk}/actions/")).status_code == 404
    assert client.get(url(organisation, f"actions/{actions[2].pk}/")).status_code == 404
    mine = client.get(url(organisation)).json()["results"]
    assert {row["team"]["name"] for row in mine} == {"Fraud ML"}


def test_a_writing_token_adds_an_action_once_per_characteristic(
    writer, organisation, team, member, model_in_use
):
    characteristic = model_in_use.characteristics.get(key="people.2.1")
    body = {"title": "Pairing", "owner": member.pk, "characteristic": characteristic.pk}

    first = writer.post(url(organisation, f"teams/{team.pk}/actions/"), body, format="json")
    again = writer.post(url(organisation, f"teams/{team.pk}/actions/"), body, format="json")

    assert first.status_code == 201, first.content
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    created = Action.objects.get()
    assert created.area == characteristic.area and created.owner == member
    assert first.json()["area"]["key"] == "people" and first.json()["status"] == "open"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": " "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "ok", "status": "late"}, "status"),
        ({"title": "ok", "owner": 2**40}, "owner"),
        ({"title": "ok", "due": "2026-02-30"}, "due"),
        ({"title": "ok", "area": 2**40}, "area"),
        ({"title": "ok\x00"}, "title"),
    ],
)
def test_a_bad_action_is_a_400_and_changes_nothing(writer, organisation, team, body, field):
    response = writer.post(url(organisation, f"teams/{team.pk}/actions/"), body, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Action.objects.exists()


def test_owners_are_members_of_the_team_not_viewers(
    writer, organisation, team, viewer, outsider, manager
):
    for person in (viewer, outsider, manager):  # the manager is in no team
        body = {"title": "Own it", "owner": person.pk}
        response = writer.post(url(organisation, f"teams/{team.pk}/actions/"), body, format="json")
        assert response.status_code == 400 and "owner" in response.json()["errors"]
    assert not Action.objects.exists()


def test_a_member_changes_the_status_and_a_stale_change_is_a_409(
    session, organisation, member, actions
):
    client = session(member)
    action = actions[0]
    seen = client.get(url(organisation, f"actions/{action.pk}/")).json()["updated_at"]

    done = client.patch(
        url(organisation, f"actions/{action.pk}/"),
        {"status": "done", "updated_at": seen},
        format="json",
    )
    stale = client.patch(
        url(organisation, f"actions/{action.pk}/"),
        {"title": "Overwritten", "updated_at": seen},
        format="json",
    )

    assert done.status_code == 200, done.content
    assert done.json()["status"] == "done" and done.json()["done_at"]
    assert stale.status_code == 409
    action.refresh_from_db()
    assert action.title == "Registry" and action.status == "done" and action.done_by == member


def test_viewers_may_not_change_and_archived_teams_are_read_only(
    session, writer, organisation, team, viewer, actions
):
    refused = session(viewer).patch(
        url(organisation, f"actions/{actions[0].pk}/"), {"status": "done"}, format="json"
    )
    team.archived = True
    team.save()
    archived = writer.patch(
        url(organisation, f"actions/{actions[0].pk}/"), {"status": "done"}, format="json"
    )
    added = writer.post(url(organisation, f"teams/{team.pk}/actions/"), {"title": "New"})

    assert refused.status_code == 403
    assert archived.status_code == 409 and added.status_code == 409
    assert Action.objects.get(pk=actions[0].pk).status == "in_progress"
    assert Action.objects.count() == 3


def test_an_owner_who_left_the_team_stays_until_changed(
    writer, organisation, team, model_in_use, manager
):
    leaver = UserFactory()
    membership = MembershipFactory(user=leaver, organisation=organisation, role="member")
    membership.teams.add(team)
    action = action_for(team, model_in_use, "people.2.1", manager)
    Action.objects.filter(pk=action.pk).update(owner=leaver)
    membership.teams.clear()

    kept = writer.patch(
        url(organisation, f"actions/{action.pk}/"),
        {"status": "in_progress", "owner": leaver.pk},
        format="json",
    )

    assert kept.status_code == 200 and kept.json()["owner"]["id"] == leaver.pk
