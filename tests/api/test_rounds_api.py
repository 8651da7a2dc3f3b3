"""Rounds through the API (api/views/rounds.py): the list with progress, one round's teams
in counts, opening, extending and closing with the rules of the pages."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from assessments.models import Assessment
from rounds.models import Entry, Round
from tests.factories import TeamFactory
from tests.rounds.round_helpers import many_respondents, move, open_round, today


def url(organisation, tail=""):
    return f"/api/v1/organisations/{organisation.slug}/rounds/{tail}"


@pytest.fixture
def round_(organisation, team, other_team, manager, member, model_in_use):
    return open_round(organisation, [team, other_team], manager, model_in_use)


def test_the_list_is_newest_first_with_progress(reader, organisation, round_, manager):
    elsewhere = TeamFactory(organisation=organisation, name="Platform")
    older = open_round(organisation, [elsewhere], manager, round_.model, label="2026 Q4")
    move(older, opened_days_ago=100, days_left=-80)
    Entry.objects.filter(round=older).update(late=True)

    rows = reader.get(url(organisation)).json()["results"]

    assert [row["label"] for row in rows] == ["2027 Q1", "2026 Q4"]
    assert rows[0]["model"] == round_.model_id and rows[0]["state"] == "open"
    assert rows[0]["progress"] == {"teams": 2, "submitted": 0, "late": 0, "not_finished": 2}
    assert rows[1]["progress"]["late"] == 1


def test_the_list_runs_in_a_fixed_number_of_queries(
    reader, organisation, manager, model_in_use, django_assert_max_num_queries
):
    teams, _people = many_respondents(organisation, 30, 2)
    for n in range(5):
        open_round(organisation, [teams[n]], manager, model_in_use, label=f"R{n}")

    with django_assert_max_num_queries(6):
        response = reader.get(url(organisation))

    assert response.json()["count"] == 5


def test_a_round_shows_each_team_in_counts_only(
    reader, organisation, round_, team, member, django_assert_max_num_queries
):
    Round.objects.filter(pk=round_.pk).update(anonymous=True)

    with django_assert_max_num_queries(12):
        response = reader.get(url(organisation, f"{round_.pk}/"))

    body = response.json()
    assert body["anonymous"] is True
    fraud = next(row for row in body["team_progress"] if row["team"] == team.pk)
    assert fraud["team_name"] == "Fraud ML" and fraud["respondents"] == 1
    assert fraud["finished"] == fraud["started"] == 0 and fraud["not_started"] == 1
    assert fraud["submitted_at"] is None and fraud["stage"] == "not_started"
    assert member.email not in response.content.decode()


def test_a_writing_token_opens_a_round(writer, organisation, team, other_team, model_in_use):
    body = {
        "label": "2027 Q2",
        "model": model_in_use.pk,
        "opens_on": today().isoformat(),
        "deadline": (today() + timedelta(days=14)).isoformat(),
        "teams": [team.pk, other_team.pk],
        "anonymous": True,
    }

    response = writer.post(url(organisation), body, format="json")

    assert response.status_code == 201, response.content
    created = Round.objects.get(label="2027 Q2")
    assert response.json()["id"] == created.pk and created.anonymous
    assert created.reminder_days == [3, 1]
    assert Assessment.objects.filter(round_entry__round=created).count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"label": "2027 Q1"}, "label"),  # taken
        ({"deadline": "2000-01-01"}, "deadline"),
        ({"teams": []}, "teams"),
        ({"teams": [2**40]}, "teams"),
        ({"model": 2**40}, "model"),
        ({"reminder_days": [1, 2, 3, 4, 5, 6]}, "reminder_days"),
    ],
)
def test_refusals_are_field_errors_and_change_nothing(
    writer, organisation, round_, other_team, change, field
):
    Round.objects.filter(pk=round_.pk).update(closed_at=round_.created_at)  # teams are free
    body = {
        "label": "2027 Q2",
        "model": round_.model_id,
        "opens_on": today().isoformat(),
        "deadline": (today() + timedelta(days=7)).isoformat(),
        "teams": [other_team.pk],
        **change,
    }

    response = writer.post(url(organisation), body, format="json")

    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]
    assert Round.objects.count() == 1


def test_a_team_in_another_open_round_or_archived_is_refused(
    writer, organisation, round_, team, model_in_use
):
    archived = TeamFactory(organisation=organisation, name="Old", archived=True)
    for teams in ([team.pk], [archived.pk]):
        body = {
            "label": f"Other {teams[0]}",
            "model": model_in_use.pk,
            "opens_on": today().isoformat(),
            "deadline": (today() + timedelta(days=7)).isoformat(),
            "teams": teams,
        }
        response = writer.post(url(organisation), body, format="json")
        assert response.status_code == 400
        assert "teams" in response.json()["errors"]
    assert Round.objects.count() == 1


def test_another_organisations_team_is_refused(writer, organisation, other_organisation, round_):
    foreign = TeamFactory(organisation=other_organisation)
    body = {
        "label": "X",
        "model": round_.model_id,
        "opens_on": today().isoformat(),
        "deadline": (today() + timedelta(days=7)).isoformat(),
        "teams": [foreign.pk],
    }

    response = writer.post(url(organisation), body, format="json")

    assert response.status_code == 400 and not Entry.objects.filter(team=foreign).exists()


def test_extend_then_close_then_both_are_conflicts(writer, organisation, round_):
    later = (round_.deadline + timedelta(days=7)).isoformat()
    earlier = (round_.deadline - timedelta(days=1)).isoformat()
    extend = url(organisation, f"{round_.pk}/extend/")

    refused = writer.post(extend, {"deadline": earlier}, format="json")
    extended = writer.post(extend, {"deadline": later}, format="json")
    closed = writer.post(url(organisation, f"{round_.pk}/close/"))
    again = writer.post(url(organisation, f"{round_.pk}/close/"))
    too_late = writer.post(
        url(organisation, f"{round_.pk}/extend/"),
        {"deadline": (round_.deadline + timedelta(days=9)).isoformat()},
        format="json",
    )

    assert refused.status_code == 400 and "deadline" in refused.json()["errors"]
    assert extended.status_code == 200 and extended.json()["deadline"] == later
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    assert again.status_code == 409 and too_late.status_code == 409
    round_.refresh_from_db()
    assert round_.deadline.isoformat() == later and round_.is_closed


def test_members_read_no_rounds_and_a_read_only_token_writes_none(
    reader, organisation, round_, member
):
    session = APIClient()
    session.force_login(member)
    listed = session.get(url(organisation))
    closing = reader.post(url(organisation, f"{round_.pk}/close/"))

    assert listed.status_code == 403
    assert closing.status_code == 403
    assert not Round.objects.get(pk=round_.pk).is_closed


def test_another_organisations_round_is_a_404(
    writer, organisation, other_organisation, manager, model_in_use
):
    other_organisation.models_in_use.add(model_in_use)
    foreign_team = TeamFactory(organisation=other_organisation)
    foreign = open_round(other_organisation, [foreign_team], manager, model_in_use)

    for tail in (f"{foreign.pk}/", f"{foreign.pk}/extend/", f"{foreign.pk}/close/"):
        method = writer.get if tail.count("/") == 1 else writer.post
        assert method(url(organisation, tail)).status_code == 404, tail
    assert not Round.objects.get(pk=foreign.pk).is_closed
