import datetime

import pytest
from django.utils import translation

from accounts.models import Role
from maturity.interchange import import_model
from plans import services
from plans.models import Action
from plans.services import PlanConflict, PlanError
from tests.factories import MembershipFactory, UserFactory
from tests.plans.plan_helpers import characteristic


@pytest.fixture
def taken(team, member, model_in_use):
    return services.action_from_characteristic(
        team=team, characteristic=characteristic(model_in_use, "model-creation.2.2"), by=member
    )


def test_a_free_action_is_created_open_with_its_title_tidied(team, member):
    action = services.action_create(team=team, by=member, title="  Write   a runbook \n")
    assert (action.title, action.status, action.area, action.characteristic) == (
        "Write a runbook",
        Action.Status.OPEN,
        None,
        None,
    )
    assert action.created_by == member


def test_an_empty_title_is_refused(team, member):
    with pytest.raises(PlanError):
        services.action_create(team=team, by=member, title="   ")
    assert not Action.objects.exists()


def test_taking_a_characteristic_titles_it_in_the_readers_language(team, member, model_in_use):
    item = characteristic(model_in_use, "model-creation.2.2")
    with translation.override("de"):
        action = services.action_from_characteristic(team=team, characteristic=item, by=member)
    assert action.title == " ".join(item.text_de.split())[: len(action.title)]
    assert action.area == item.area
    assert action.characteristic == item


def test_taking_a_characteristic_twice_makes_one_action(team, member, second_member, taken):
    again = services.action_from_characteristic(
        team=team, characteristic=taken.characteristic, by=second_member
    )
    assert again.pk == taken.pk
    assert Action.objects.count() == 1


def test_a_dropped_action_lets_the_characteristic_be_taken_again(team, member, taken):
    services.action_update(action=taken, by=member, status=Action.Status.DROPPED)
    again = services.action_from_characteristic(
        team=team, characteristic=taken.characteristic, by=member
    )
    assert again.pk != taken.pk
    with pytest.raises(PlanError):  # two live ones for one characteristic
        services.action_update(action=taken, by=member, status=Action.Status.OPEN)


def test_a_change_made_meanwhile_is_not_overwritten(taken, member, second_member):
    seen = taken.updated_at
    services.action_update(action=taken, by=second_member, title="Dora's title", seen=seen)
    with pytest.raises(PlanConflict):
        services.action_update(action=taken, by=member, title="Bob's title", seen=seen)
    taken.refresh_from_db()
    assert taken.title == "Dora's title"


def test_an_update_with_the_current_version_is_saved(taken, member):
    services.action_update(
        action=taken, by=member, note="Start with one model", seen=taken.updated_at
    )
    taken.refresh_from_db()
    assert taken.note == "Start with one model"


def test_owners_are_people_named_in_the_team_who_are_not_viewers(
    team, other_team, organisation, member, second_member, viewer, manager, outsider
):
    services.action_create(team=team, by=member, title="Mine", owner=member)
    services.action_create(team=team, by=member, title="Dora's", owner=second_member)
    elsewhere = UserFactory()
    MembershipFactory(
        user=elsewhere, organisation=organisation, role=Role.MEMBER, teams=[other_team]
    )
    for refused in (viewer, manager, outsider, elsewhere):
        with pytest.raises(PlanError):
            services.action_create(team=team, by=member, title="Theirs", owner=refused)
    assert Action.objects.count() == 2


def test_a_manager_named_in_the_team_may_own(team, member, manager):
    manager.memberships.get().teams.add(team)
    action = services.action_create(team=team, by=member, title="Mona's", owner=manager)
    assert action.owner == manager


def test_done_records_when_and_by_whom_and_reopening_clears_it(taken, member, second_member):
    done = services.action_update(action=taken, by=second_member, status=Action.Status.DONE)
    assert done.done_at is not None and done.done_by == second_member
    # Saving a done action again keeps who did it.
    again = services.action_update(action=done, by=member, note="Checked")
    assert again.done_by == second_member and again.done_at == done.done_at
    reopened = services.action_update(action=again, by=member, status=Action.Status.IN_PROGRESS)
    assert reopened.done_at is None and reopened.done_by is None


def test_an_action_created_done_is_done_by_its_author(team, member):
    action = services.action_create(team=team, by=member, title="Was done", status="done")
    assert action.done_by == member and action.done_at is not None


def test_an_archived_team_s_plan_is_not_changed(team, member, taken):
    team.archived = True
    team.save()
    with pytest.raises(PlanError):
        services.action_create(team=team, by=member, title="Too late")
    with pytest.raises(PlanError):
        services.action_update(action=taken, by=member, status=Action.Status.DONE)
    with pytest.raises(PlanError):
        services.action_delete(action=taken, by=member)
    taken.refresh_from_db()
    assert taken.status == Action.Status.OPEN
    assert Action.objects.count() == 1


def test_a_team_s_plan_has_a_limit(team, member, monkeypatch):
    monkeypatch.setattr(services, "MAX_ACTIONS_PER_TEAM", 2)
    services.action_create(team=team, by=member, title="One")
    services.action_create(team=team, by=member, title="Two")
    with pytest.raises(PlanError):
        services.action_create(team=team, by=member, title="Three")
    assert Action.objects.count() == 2


def test_a_due_date_years_away_is_refused(team, member):
    with pytest.raises(PlanError):
        services.action_create(
            team=team, by=member, title="Later", due=datetime.date.today().replace(year=2200)
        )


def test_the_characteristic_decides_the_area(team, member, model_in_use):
    item = characteristic(model_in_use, "people.2.1")
    other_area = model_in_use.areas.exclude(pk=item.area_id).first()
    with pytest.raises(PlanError):
        services.action_create(
            team=team, by=member, title="Mixed", characteristic=item, area=other_area
        )
    action = services.action_create(team=team, by=member, title="Fits", characteristic=item)
    assert action.area == item.area


def test_another_organisation_s_model_is_refused(team, member, other_organisation, mini_data):
    foreign = import_model(mini_data, organisation=other_organisation, status="published")
    with pytest.raises(PlanError):
        services.action_create(team=team, by=member, title="Foreign", area=foreign.areas.first())
    assert not Action.objects.exists()


def test_removing_an_action(taken, member):
    services.action_delete(action=taken, by=member)
    assert not Action.objects.exists()


def test_an_owner_who_left_the_team_does_not_block_the_action(team, member, second_member):
    action = services.action_create(team=team, by=member, title="Dora's", owner=second_member)
    second_member.memberships.get().teams.remove(team)
    done = services.action_update(action=action, by=member, status=Action.Status.DONE)
    assert done.owner == second_member and done.status == Action.Status.DONE
    other = services.action_create(team=team, by=member, title="Another")
    with pytest.raises(PlanError):  # but nobody new is made owner from outside the team
        services.action_update(action=other, by=member, owner=second_member)
