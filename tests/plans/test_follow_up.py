"""The plan's follow-up: the actions of an area while answering, and the plan check of the
results (is what a done action served in place now?), with the real MLOps model."""

import copy
from datetime import date, timedelta

import pytest
from django.utils import formats, timezone, translation

from assessments import selectors, services
from maturity.interchange import import_model
from maturity.models import Characteristic, MaturityModel
from plans import follow_up
from plans.models import Action
from plans.services import action_create, action_from_characteristic, action_update
from tests.answers import answer_everything
from tests.factories import MembershipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def characteristic(model, key):
    return Characteristic.objects.get(model=model, key=key)


def take(team, model, key, by, status=None, **fields):
    """An action from a roadmap item, moved to `status` (done: by `by`)."""
    action = action_from_characteristic(team=team, characteristic=characteristic(model, key), by=by)
    if status or fields:
        action = action_update(action=action, by=by, status=status or action.status, **fields)
    return action


def answer(assessment, member, submit_by=None):
    """Every area at level 2; model creation at level 1 with "Compute managed" (2.2) of the
    next step in place. Level 1 → 2 adds 2.2, 2.3 and 2.4; 2.1 is stated at level 1."""
    answer_everything(assessment, member, level=2)
    services.answer_record(
        assessment=assessment,
        respondent=member,
        area_key="model-creation",
        level=1,
        ticked=["model-creation.2.2"],
    )
    if submit_by:
        services.assessment_submit(assessment=assessment, by=submit_by)
        assessment.refresh_from_db()
    return assessment


def checked(assessment):
    display = selectors.ModelDisplay.of(assessment.model)
    return follow_up.plan_check(assessment, selectors.result(assessment), display)


def marks(checks):
    return {
        check.area.key: {c.action.characteristic.key: c.in_place for c in check.actions}
        for check in checks
    }


@pytest.fixture
def dana(organisation, team):
    user = UserFactory(name="Dana Whitlock", email="dana@acme.example")
    MembershipFactory(user=user, organisation=organisation, role="member", teams=[team])
    return user


# --- area_actions ---------------------------------------------------------------------------


def test_area_actions_lists_in_progress_then_open_then_done_each_by_due_without_dropped(
    team, model_in_use, member, dana
):
    soon, later = date.today() + timedelta(days=10), date.today() + timedelta(days=40)
    done = take(team, model_in_use, "model-creation.2.2", dana, "done")
    open_late = take(team, model_in_use, "model-creation.2.3", member, due=later)
    open_soon = take(team, model_in_use, "model-creation.2.4", member, due=soon, owner=dana)
    working = take(team, model_in_use, "model-creation.4.2", member, "in_progress", due=later)
    take(team, model_in_use, "model-creation.4.3", member, "dropped")
    free = action_create(team=team, by=member, title="Write a runbook", area=done.area)
    take(team, model_in_use, "people.2.2", member)  # another area

    lines = follow_up.area_actions(team, "model-creation", model=model_in_use)

    assert [line.action for line in lines] == [working, open_soon, open_late, free, done]
    assert [line.status for line in lines] == ["in_progress", "open", "open", "open", "done"]
    assert lines[1].owner == dana and lines[1].due == soon and not lines[1].overdue
    assert lines[0].done == ""
    assert lines[-1].done.startswith("done on ") and lines[-1].done.endswith(" by Dana")


def test_done_on_says_the_day_in_the_readers_language_and_who_did_it(team, model_in_use, dana):
    action = take(team, model_in_use, "model-creation.2.2", dana, "done")
    day = timezone.localtime(action.done_at).date()

    with translation.override("en"):
        english = follow_up.done_text(action)
    with translation.override("de"):
        german = follow_up.done_text(action)
    assert english == f"done on {formats.date_format(day, 'MONTH_DAY_FORMAT')} by Dana"
    with translation.override("de"):
        assert formats.date_format(day, "MONTH_DAY_FORMAT") in german

    # Another year shows the year; without names (anonymous) nobody is named.
    Action.objects.filter(pk=action.pk).update(done_at=action.done_at - timedelta(days=800))
    action.refresh_from_db()
    with translation.override("en"):
        older = follow_up.done_text(action, names=False)
    assert older == f"done on {formats.date_format(timezone.localtime(action.done_at).date())}"


def test_without_names_owners_are_left_out(team, model_in_use, member, dana):
    take(team, model_in_use, "model-creation.2.3", member, owner=dana)
    take(team, model_in_use, "model-creation.2.2", dana, "done")

    lines = follow_up.area_actions(team, "model-creation", model=model_in_use, names=False)

    assert [line.owner for line in lines] == [None, None]
    assert "Dana" not in lines[1].done


def test_area_actions_are_the_teams_own(organisation, team, model_in_use, member):
    other = TeamFactory(organisation=organisation, slug="other")
    take(other, model_in_use, "model-creation.2.3", member)

    assert follow_up.area_actions(team, "model-creation", model=model_in_use) == []


def test_area_actions_take_one_query_however_many(
    team, model_in_use, member, dana, django_assert_num_queries
):
    for key in ["model-creation.2.2", "model-creation.2.3", "model-creation.2.4"]:
        take(team, model_in_use, key, dana, "done", owner=dana)
    for key in ["model-creation.4.2", "model-creation.4.3"]:
        take(team, model_in_use, key, member, owner=member)

    with django_assert_num_queries(1):
        lines = follow_up.area_actions(team, "model-creation", model=model_in_use)
        texts = [(line.done, str(line.owner)) for line in lines]
    assert len(texts) == 5


# --- plan_check -----------------------------------------------------------------------------


def test_plan_check_marks_each_done_action_in_place_or_not(
    team, assessment, model_in_use, member, manager
):
    for key in [
        "model-creation.1.2",  # at the reached level
        "model-creation.2.1",  # at the next step, but stated at the reached level already
        "model-creation.2.2",  # ticked at the next step
        "model-creation.2.3",  # at the next step, not ticked
        "model-creation.4.2",  # far above
        "people.3.1",  # at the next step, stated at level 2 already
        "people.3.3",  # at the next step, new there, not ticked
    ]:
        take(team, model_in_use, key, member, "done")
    take(team, model_in_use, "model-creation.2.4", member, "in_progress")  # not done: left out
    people = characteristic(model_in_use, "people.2.1").area
    action_create(team=team, by=member, title="Free", area=people, status="done")  # no key
    answer(assessment, member, submit_by=manager)

    assert marks(checked(assessment)) == {
        "people": {"people.3.1": True, "people.3.3": False},
        "model-creation": {
            "model-creation.1.2": True,
            "model-creation.2.1": True,
            "model-creation.2.2": True,
            "model-creation.2.3": False,
            "model-creation.4.2": False,
        },
    }


def test_plan_check_of_a_submitted_assessment_leaves_out_what_was_done_after(
    team, assessment, model_in_use, member, manager
):
    take(team, model_in_use, "model-creation.2.3", member, "done")
    answer(assessment, member, submit_by=manager)
    later = take(team, model_in_use, "model-creation.2.4", member, "done")
    Action.objects.filter(pk=later.pk).update(
        done_at=assessment.submitted_at + timedelta(minutes=1)
    )

    assert marks(checked(assessment)) == {"model-creation": {"model-creation.2.3": False}}


def test_plan_check_of_an_open_assessment_counts_every_done_action_of_answered_areas(
    team, assessment, model_in_use, member
):
    take(team, model_in_use, "model-creation.2.2", member, "done")
    take(team, model_in_use, "people.3.1", member, "done")
    services.answer_record(
        assessment=assessment,
        respondent=member,
        area_key="model-creation",
        level=1,
        ticked=["model-creation.2.2"],
    )

    # People is not answered yet: nothing to check it against.
    assert marks(checked(assessment)) == {"model-creation": {"model-creation.2.2": True}}


def test_plan_check_is_the_teams_own(organisation, team, assessment, model_in_use, member, manager):
    other = TeamFactory(organisation=organisation, slug="other")
    take(other, model_in_use, "model-creation.2.3", member, "done")
    answer(assessment, member, submit_by=manager)

    assert checked(assessment) == []


def test_plan_check_takes_one_query_however_many_actions(
    team, assessment, model_in_use, member, manager, django_assert_num_queries
):
    for key in ["model-creation.2.2", "model-creation.2.3", "people.3.1", "technology.3.1"]:
        take(team, model_in_use, key, member, "done")
    answer(assessment, member, submit_by=manager)
    display = selectors.ModelDisplay.of(assessment.model)
    result = selectors.result(assessment)

    with django_assert_num_queries(1):
        checks = follow_up.plan_check(assessment, result, display)
        titles = [c.action.title for check in checks for c in check.actions]
    assert len(titles) == 4


# --- across model versions ------------------------------------------------------------------


@pytest.fixture
def mlops_2(organisation, model_in_use, seed_data):
    """MLOps version 2: "Experiment results tracked" at level 2 of model creation
    (model-creation.2.3) is gone."""
    data = copy.deepcopy(seed_data)
    data["version"] = "2"
    data["characteristics"] = [
        c for c in data["characteristics"] if c["key"] != "model-creation.2.3"
    ]
    model = import_model(data, status=MaturityModel.Status.PUBLISHED)
    organisation.models_in_use.add(model)
    return model


def test_actions_of_an_older_version_are_matched_by_key_in_a_newer_one(
    team, model_in_use, mlops_2, member, manager
):
    take(team, model_in_use, "model-creation.2.2", member, "done")
    take(team, model_in_use, "model-creation.2.3", member, "done")
    take(team, model_in_use, "model-creation.4.2", member)
    newer = services.assessment_start(
        team=team, model=mlops_2, label="2027 Q1", date=date(2027, 2, 1), by=manager
    )
    answer(newer, member, submit_by=manager)

    lines = follow_up.area_actions(team, "model-creation", model=mlops_2)
    assert [line.action.characteristic.key for line in lines] == [
        "model-creation.4.2",
        "model-creation.2.2",
        "model-creation.2.3",
    ]
    (check,) = checked(newer)
    assert {c.action.characteristic.key: c.in_place for c in check.actions} == {
        "model-creation.2.2": True,
        "model-creation.2.3": None,  # not in this model version
    }
    assert [c.action.characteristic.key for c in check.not_in_model] == ["model-creation.2.3"]
    # The version-2 characteristic is the one shown.
    assert check.in_place[0].characteristic.model_id == mlops_2.pk


def test_another_models_area_of_the_same_key_is_not_taken_for_this_one(
    organisation, team, model_in_use, member, seed_data
):
    data = copy.deepcopy(seed_data)
    data["slug"] = "mlops-light"
    other_model = import_model(data, status=MaturityModel.Status.PUBLISHED)
    organisation.models_in_use.add(other_model)
    take(team, other_model, "model-creation.2.3", member)

    assert follow_up.area_actions(team, "model-creation", model=model_in_use) == []
    assert len(follow_up.area_actions(team, "model-creation", model=other_model)) == 1
