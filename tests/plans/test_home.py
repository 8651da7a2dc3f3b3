"""A member's home page (and a manager's dashboard) lists their pending actions: overdue
ones marked, the due date, the team, a link to edit; nothing when there are none."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plans import services

pytestmark = pytest.mark.django_db

HOME = reverse("organisation", args=["acme"])


def edit_url(action):
    return reverse("plans:edit", args=["acme", action.team.slug, action.pk])


def test_a_member_sees_their_pending_actions(client_for, team, member, second_member):
    late = services.action_create(
        team=team,
        by=member,
        title="Write a runbook",
        owner=member,
        due=timezone.localdate() - datetime.timedelta(days=2),
    )
    services.action_create(team=team, by=member, title="Undated task", owner=member)
    services.action_create(team=team, by=member, title="Finished task", owner=member, status="done")
    services.action_create(team=team, by=member, title="Task of Dora", owner=second_member)

    page = client_for(member).get(HOME, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Your actions" in page
    assert "Write a runbook" in page and "overdue" in page and "Fraud ML" in page
    assert edit_url(late) in page and "Undated task" in page and "no due date" in page
    assert "Finished task" not in page and "Task of Dora" not in page
    assert page.index("Write a runbook") < page.index("Undated task")


def test_nothing_is_shown_without_pending_actions(client_for, team, member):
    services.action_create(team=team, by=member, title="Finished", owner=member, status="done")
    page = client_for(member).get(HOME, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your actions" not in page


def test_a_manager_named_in_a_team_sees_them_on_the_dashboard(client_for, team, member, manager):
    manager.memberships.get().teams.add(team)
    action = services.action_create(team=team, by=member, title="Pick a registry", owner=manager)
    page = client_for(manager).get(HOME, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your actions" in page and edit_url(action) in page


def test_another_organisation_s_actions_are_not_listed(
    client_for, team, member, other_organisation
):
    from tests.factories import MembershipFactory, TeamFactory

    globex_team = TeamFactory(organisation=other_organisation)
    MembershipFactory(
        user=member, organisation=other_organisation, role="member", teams=[globex_team]
    )
    services.action_create(team=globex_team, by=member, title="Globex task", owner=member)
    page = client_for(member).get(HOME, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Globex task" not in page


def test_the_home_page_costs_one_query_for_any_number_of_actions(
    client_for, team, member, django_assert_max_num_queries
):
    client = client_for(member)
    services.action_create(team=team, by=member, title="Task 0", owner=member)
    client.get(HOME)  # the session's once-a-minute refresh
    with django_assert_max_num_queries(20) as one:
        client.get(HOME)
    for number in range(1, 15):
        services.action_create(team=team, by=member, title=f"Task {number}", owner=member)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(HOME).content.decode()
    assert page.count('class="list-group-item') == 10  # limited
