import datetime

import pytest
from django.utils import timezone

from assessments import services as assessment_services
from plans import selectors, services
from plans.selectors import PENDING, UNASSIGNED
from tests.plans.plan_helpers import characteristic, submit

TODAY = datetime.date(2026, 12, 1)
YESTERDAY, TOMORROW = TODAY - datetime.timedelta(days=1), TODAY + datetime.timedelta(days=1)


@pytest.fixture
def submitted(assessment, member, manager):
    return submit(assessment, member, manager, level=1)


def take(team, model, key, by, **fields):
    action = services.action_from_characteristic(
        team=team, characteristic=characteristic(model, key), by=by
    )
    if fields:
        action = services.action_update(action=action, by=by, **fields)
    return action


def test_actions_are_grouped_by_area_in_model_order_free_ones_last(
    team, member, manager, model_in_use, submitted
):
    assessment_services.target_set(team=team, dimension_key="process", level=3, by=manager)
    free = services.action_create(team=team, by=member, title="Tidy the wiki")
    creation = take(team, model_in_use, "model-creation.2.3", member)
    people = take(team, model_in_use, "people.2.1", member)

    groups = selectors.team_plan(team, today=TODAY)

    assert [g.area.key if g.area else None for g in groups] == ["people", "model-creation", None]
    people_group, creation_group, free_group = groups
    assert people_group.actions == [people] and free_group.actions == [free]
    assert creation_group.actions == [creation]
    assert (creation_group.reached, creation_group.next_level.number) == (1, 2)
    assert creation_group.target == 3 and people_group.target is None
    assert [c.key for c in creation_group.missing] == MODEL_CREATION_MISSING
    assert [c.key for c in creation_group.untaken] == ["model-creation.2.2", "model-creation.2.4"]
    assert free_group.reached is None and free_group.target is None


MODEL_CREATION_MISSING = ["model-creation.2.2", "model-creation.2.3", "model-creation.2.4"]


def test_without_a_submitted_assessment_an_area_has_no_level(team, member, model_in_use):
    take(team, model_in_use, "people.2.1", member)
    (group,) = selectors.team_plan(team, today=TODAY)
    assert group.reached is None and group.next_level is None and group.missing == []


def test_pending_actions_past_their_due_date_are_overdue(team, member):
    rows = {
        "late": dict(due=YESTERDAY),
        "late, in progress": dict(due=YESTERDAY, status="in_progress"),
        "done late": dict(due=YESTERDAY, status="done"),
        "dropped": dict(due=YESTERDAY, status="dropped"),
        "today": dict(due=TODAY),
        "tomorrow": dict(due=TOMORROW),
        "undated": {},
    }
    for title, fields in rows.items():
        services.action_create(team=team, by=member, title=title, **fields)
    (group,) = selectors.team_plan(team, today=TODAY)
    overdue = {a.title for a in group.actions if a.overdue}
    assert overdue == {"late", "late, in progress"}
    assert [a.title for a in group.actions][-1] == "undated"  # by due date, undated last


def test_filters_by_owner_and_status(team, member, second_member):
    mine = services.action_create(team=team, by=member, title="Mine", owner=member)
    services.action_create(team=team, by=member, title="Dora's", owner=second_member)
    nobodys = services.action_create(team=team, by=member, title="Nobody's")
    done = services.action_create(team=team, by=member, title="Done", owner=member, status="done")

    def titles(**filters):
        return {a.title for g in selectors.team_plan(team, **filters) for a in g.actions}

    assert titles(owner=member) == {mine.title, done.title}
    assert titles(owner=str(member.pk), status=PENDING) == {mine.title}
    assert titles(owner=UNASSIGNED) == {nobodys.title}
    assert titles(status="done") == {done.title}
    assert titles(status="dropped") == set()
    assert selectors.team_plan(team, status="dropped") == []


def test_another_team_s_actions_are_not_in_the_plan(team, other_team, member, manager):
    services.action_create(team=other_team, by=manager, title="Theirs")
    assert selectors.team_plan(team) == []


def test_the_plan_takes_a_fixed_number_of_queries(
    team, member, second_member, manager, model_in_use, submitted, django_assert_max_num_queries
):
    def plan_queries():
        with django_assert_max_num_queries(6) as context:
            groups = selectors.team_plan(team, today=TODAY)
            shown = [
                (str(a.owner), a.area, a.characteristic, a.overdue)
                for g in groups
                for a in g.actions
            ]
            shown += [(g.area.name, g.area.dimension.key, g.untaken) for g in groups if g.area]
        return len(context.captured_queries), sum(len(g.actions) for g in groups)

    take(team, model_in_use, "people.2.1", member, owner=member)
    few = plan_queries()
    keys = model_in_use.characteristics.values_list("key", flat=True)[:40]
    for number, key in enumerate(keys):
        take(team, model_in_use, key, member, owner=(member, second_member)[number % 2])
    for number in range(20):
        services.action_create(team=team, by=member, title=f"Free {number}", due=YESTERDAY)
    many = plan_queries()
    assert many[1] > 50 and many[0] == few[0]


def test_my_actions_lists_pending_ones_overdue_first_then_by_due_date(
    team, other_team, member, second_member
):
    today = timezone.localdate()  # as my_actions sees it
    yesterday, tomorrow = today - datetime.timedelta(days=1), today + datetime.timedelta(days=1)
    membership = member.memberships.get()
    membership.teams.add(other_team)
    services.action_create(team=team, by=member, title="Undated", owner=member)
    services.action_create(team=team, by=member, title="Soon", owner=member, due=tomorrow)
    services.action_create(team=other_team, by=member, title="Late", owner=member, due=yesterday)
    services.action_create(team=team, by=member, title="Done", owner=member, status="done")
    services.action_create(team=team, by=member, title="Dora's", owner=second_member)
    services.action_create(
        team=team, by=member, title="Started", owner=member, status="in_progress", due=today
    )

    rows = selectors.my_actions(membership)

    assert [a.title for a in rows] == ["Late", "Started", "Soon", "Undated"]
    assert [a.overdue for a in rows] == [True, False, False, False]
    assert rows[0].team == other_team


def test_my_actions_is_one_query_and_limited(team, member, django_assert_num_queries):
    for number in range(12):
        services.action_create(team=team, by=member, title=f"Task {number}", owner=member)
    membership = member.memberships.get()
    with django_assert_num_queries(1):
        rows = selectors.my_actions(membership, limit=10)
        [a.team.name for a in rows]
    assert len(rows) == 10


def test_my_actions_leaves_out_teams_no_longer_mine_and_archived_ones(team, other_team, member):
    membership = member.memberships.get()
    membership.teams.add(other_team)
    services.action_create(team=other_team, by=member, title="Moved away", owner=member)
    services.action_create(team=team, by=member, title="Archived", owner=member)
    membership.teams.remove(other_team)
    team.archived = True
    team.save()
    assert selectors.my_actions(membership) == []
    assert selectors.my_actions(None) == []
