"""Actions as CSV for issue trackers: the columns Jira's importer takes, scoped like the plan,
formulas neutralised, and a fixed number of queries however many actions."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from plans.exports import CSV_COLUMNS, actions_csv_chunks, actions_for_export
from plans.models import Action
from plans.services import action_create
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


def rows_of(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def characteristic(model_in_use):
    return model_in_use.characteristics.select_related("area").order_by("area__position", "pk")[1]


@pytest.fixture
def action(team, member, characteristic):
    return action_create(
        team=team,
        by=member,
        title="Set up a model registry",
        note="Start with the fraud models.",
        owner=member,
        due=date(2027, 3, 31),
        characteristic=characteristic,
        status=Action.Status.IN_PROGRESS,
    )


def url(team):
    return reverse("plans:export", args=[team.organisation.slug, team.slug])


def test_the_team_csv_has_the_tracker_columns_and_the_actions_values(
    client_for, team, member, action, characteristic
):
    response = client_for(member).get(url(team))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="acme-fraud-ml-actions-{date.today().isoformat()}.csv"'
    )
    header, row = rows_of(response)
    assert header == ["Summary", "Description", "Assignee", "Due date", "Labels", "Status"]
    assert header == CSV_COLUMNS
    summary, description, assignee, due, labels, status = row
    assert summary == "Set up a model registry"
    assert description.startswith("Start with the fraud models.\n\n")
    assert f"Area: {characteristic.area.name_en}" in description
    assert " ".join(characteristic.text_en.split()) in description
    assert "Plan: http://testserver/o/acme/teams/fraud-ml/plan/" in description
    assert assignee == "bob@acme.example"
    assert due == "2027-03-31"
    assert labels.split() == ["maturity", f"area-{characteristic.area.key}", "team-fraud-ml"]
    assert status == "In progress"


def test_the_csv_is_written_in_the_readers_language(
    client_for, team, member, action, characteristic
):
    member.language = "de"
    member.save()
    client = client_for(member)
    client.cookies["django_language"] = "de"

    [_header, row] = rows_of(client.get(url(team), HTTP_ACCEPT_LANGUAGE="de"))

    with translation.override("de"):
        assert row[5] == str(Action.Status.IN_PROGRESS.label)
        assert f"{characteristic.area.name_de}" in row[1]
        assert row[5] != "In progress"


def test_a_free_action_without_owner_or_due_date_has_empty_cells(client_for, team, member):
    action_create(team=team, by=member, title="Write a runbook")

    [_header, row] = rows_of(client_for(member).get(url(team)))

    assert row[0] == "Write a runbook"
    assert row[2:5] == ["", "", "maturity team-fraud-ml"]
    assert row[1] == "Plan: http://testserver/o/acme/teams/fraud-ml/plan/"


def test_dropped_actions_stay_out_unless_all_is_asked_for(client_for, team, member):
    action_create(team=team, by=member, title="Kept")
    action_create(team=team, by=member, title="Given up", status=Action.Status.DROPPED)
    client = client_for(member)

    assert [row[0] for row in rows_of(client.get(url(team)))[1:]] == ["Kept"]
    everything = rows_of(client.get(url(team) + "?all=1"))[1:]
    assert sorted(row[0] for row in everything) == ["Given up", "Kept"]


def test_a_formula_in_a_title_note_or_e_mail_is_shown_never_run(client_for, team, member):
    action_create(team=team, by=member, title='=HYPERLINK("http://evil.example","x")', note="")
    action_create(team=team, by=member, title="-1+2", note="@SUM(A1)\n- a step")

    rows = rows_of(client_for(member).get(url(team)))[1:]

    assert sorted(row[0] for row in rows) == ["'-1+2", '\'=HYPERLINK("http://evil.example","x")']
    noted = next(row for row in rows if row[0] == "'-1+2")
    assert noted[1].startswith("'@SUM(A1)\n- a step\n\nPlan: ")
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_the_team_csv_is_for_those_who_see_the_team(
    client_for, organisation, team, other_team, member, viewer, manager, outsider, action
):
    from tests.factories import MembershipFactory, UserFactory

    elsewhere = UserFactory(email="vera@acme.example")
    MembershipFactory(user=elsewhere, organisation=organisation, role="viewer", teams=[other_team])

    assert client_for(member).get(url(team)).status_code == 200
    assert client_for(viewer).get(url(team)).status_code == 200
    assert client_for(manager).get(url(team)).status_code == 200
    assert client_for(elsewhere).get(url(team)).status_code == 404
    assert client_for(outsider).get(url(team)).status_code == 404


def test_nobody_logged_in_is_sent_to_the_login(client, team, action):
    response = client.get(url(team))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_organisation_csv_has_every_teams_actions_for_managers_only(
    client_for, organisation, team, other_team, manager, member, viewer, outsider, action
):
    action_create(team=other_team, by=manager, title="Forecast monitoring")
    export_all = reverse("plans:export_all", args=["acme"])

    response = client_for(manager).get(export_all)

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="acme-actions-{date.today().isoformat()}.csv"'
    )
    header, *rows = rows_of(response)
    assert header == CSV_COLUMNS
    assert {row[0]: row[4].split()[-1] for row in rows} == {
        "Forecast monitoring": "team-forecasting",
        "Set up a model registry": "team-fraud-ml",
    }
    assert client_for(member).get(export_all).status_code == 403
    assert client_for(viewer).get(export_all).status_code == 403
    assert client_for(outsider).get(export_all).status_code == 404


def test_another_organisations_actions_stay_out(
    client_for, manager, action, other_organisation, outsider
):
    foreign = TeamFactory(organisation=other_organisation, name="Globex ML", slug="globex-ml")
    action_create(team=foreign, by=outsider, title="Globex secret")

    rows = rows_of(client_for(manager).get(reverse("plans:export_all", args=["acme"])))

    assert [row[0] for row in rows[1:]] == ["Set up a model registry"]


def test_the_rows_take_one_query_however_many_actions(
    django_assert_num_queries, team, member, model_in_use
):
    characteristics = list(model_in_use.characteristics.all()[:40])
    for number, characteristic in enumerate(characteristics):
        action_create(
            team=team,
            by=member,
            title=f"Action {number}",
            owner=member,
            characteristic=characteristic,
        )
    actions = actions_for_export(Action.objects.filter(team=team))

    with django_assert_num_queries(1):
        text = "".join(actions_csv_chunks(actions.iterator(), lambda path: path))

    assert len(list(csv.reader(io.StringIO(text)))) == len(characteristics) + 1


def test_the_view_asks_as_many_queries_for_many_actions_as_for_one(
    client_for, django_assert_max_num_queries, team, member, model_in_use, action
):
    client = client_for(member)
    client.get(url(team))  # the session, warmed up
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        rows_of(client.get(url(team)))
    for number, characteristic in enumerate(model_in_use.characteristics.all()[2:32]):
        action_create(team=team, by=member, title=f"A{number}", characteristic=characteristic)

    with django_assert_max_num_queries(len(one)):
        assert len(rows_of(client.get(url(team)))) == 32
