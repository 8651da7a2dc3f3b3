"""The common gaps: what is counted (latest results, active teams, below target, one
organisation), per area and most common first, with the teams and their actions."""

from datetime import date

import pytest

from accounts.models import Team
from assessments import services
from plans.gaps import TEAMS_SHOWN, common_gaps, teams_missing
from plans.models import Action
from rounds import services as round_services
from tests.factories import TeamFactory
from tests.plans.gap_helpers import action, submit, teams_in_bulk


def counts(found):
    return {gap.characteristic.key: gap.teams for area in found.areas for gap in area.gaps}


def gap_of(found, key):
    return next(gap for area in found.areas for gap in area.gaps if gap.characteristic.key == key)


@pytest.fixture
def two_teams(team, other_team, model_in_use, manager):
    submit(team, model_in_use, manager, level=1, ticked=["people.2.1"])
    submit(other_team, model_in_use, manager, level=1)
    return team, other_team


def test_each_gap_is_counted_over_the_teams_with_its_share(organisation, model_in_use, two_teams):
    found = common_gaps(organisation, model_in_use)

    assert found.teams == 2
    assert counts(found)["people.2.1"] == 1  # ticked by one team
    assert counts(found)["people.2.2"] == 2
    assert gap_of(found, "people.2.2").share == 1.0
    assert gap_of(found, "people.2.1").percent == 50
    assert gap_of(found, "people.2.1").level.number == 2
    assert [t.name for t in gap_of(found, "people.2.1").first_teams] == ["Forecasting"]


def test_only_the_latest_submitted_assessment_of_a_team_counts(
    organisation, team, model_in_use, manager, two_teams
):
    submit(team, model_in_use, manager, level=3, label="2027 Q1", day=date(2027, 2, 1))
    services.assessment_start(
        team=team, model=model_in_use, label="open", date=date(2027, 3, 1), by=manager
    )  # an open one never counts

    found = common_gaps(organisation, model_in_use)

    assert found.teams == 2
    assert counts(found)["people.2.2"] == 1  # the team is past level 2 now
    assert [t.name for t in gap_of(found, "people.2.2").first_teams] == ["Forecasting"]


def test_archived_teams_and_other_organisations_are_not_counted(
    organisation, other_team, model_in_use, manager, outsider, other_organisation, two_teams
):
    Team.objects.filter(pk=other_team.pk).update(archived=True)
    other_organisation.models_in_use.add(model_in_use)
    foreign = TeamFactory(organisation=other_organisation, name="Globex ML")
    submit(foreign, model_in_use, outsider, level=1)

    found = common_gaps(organisation, model_in_use)

    assert found.teams == 1
    assert "people.2.1" not in counts(found)
    assert counts(found)["people.2.2"] == 1
    assert all(
        t.name == "Fraud ML" for area in found.areas for gap in area.gaps for t in gap.first_teams
    )


def test_an_area_at_or_above_the_teams_target_is_not_counted(
    organisation, team, model_in_use, manager, two_teams
):
    # Process: model creation and release reached 1, application integration 2.
    services.target_set(team=team, dimension_key="process", level=2, by=manager)
    services.target_set(team=team, dimension_key="people", level=1, by=manager)
    services.target_set(team=team, dimension_key="technology", level=None, by=manager)

    found = common_gaps(organisation, model_in_use)

    assert counts(found)["model-creation.2.2"] == 2  # 1 < target 2: still counted
    assert counts(found)["application-integration.3.1"] == 1  # 2 ≥ 2: the team is left out
    assert counts(found)["people.2.2"] == 1  # target 1 reached
    assert counts(found)["technology.2.1"] == 2  # no target: every level counts
    assert found.teams == 2  # the share stays of every team considered


def test_a_round_counts_its_submitted_assessments(
    organisation, team, other_team, model_in_use, manager, two_teams
):
    today = date.today()
    round_ = round_services.round_open(
        organisation=organisation,
        label="2027 Q1",
        model=model_in_use,
        opens_on=today,
        deadline=today,
        teams=[team, other_team],
        by=manager,
    )
    in_round = round_.entries.get(team=team).assessment
    for area in ("people", "model-creation", "model-release", "application-integration"):
        services.answer_record(assessment=in_round, respondent=manager, area_key=area, level=4)
    services.answer_record(
        assessment=in_round,
        respondent=manager,
        area_key="technology",
        level=1,
        ticked=["technology.2.1"],
    )
    services.assessment_submit(assessment=in_round, by=manager)

    found = common_gaps(organisation, model_in_use, round_=round_)

    assert found.teams == 1  # the other team has not submitted in the round
    assert set(counts(found)) == {"technology.2.2", "technology.2.3"}
    assert found.round == round_


def test_one_dimension_can_be_chosen(organisation, model_in_use, two_teams):
    found = common_gaps(organisation, model_in_use, dimension="technology")

    assert [area.area.key for area in found.areas] == ["technology"]
    assert found.teams == 2


def test_live_actions_are_counted_per_team(
    organisation, team, other_team, model_in_use, manager, two_teams
):
    action(team, model_in_use, "people.2.2", manager)
    action(other_team, model_in_use, "people.2.2", manager, status=Action.Status.DROPPED)
    action(other_team, model_in_use, "people.2.1", manager, status=Action.Status.DONE)
    action(team, model_in_use, "people.2.1", manager)  # the team has it in place already

    found = common_gaps(organisation, model_in_use)

    assert gap_of(found, "people.2.2").with_action == 1
    assert gap_of(found, "people.2.1").with_action == 1  # done, and still missing: counted
    assert [(t.name, t.has_action) for t in gap_of(found, "people.2.2").first_teams] == [
        ("Forecasting", False),
        ("Fraud ML", True),
    ]


def test_areas_keep_the_model_order_and_gaps_are_most_common_first(
    organisation, model_in_use, two_teams
):
    found = common_gaps(organisation, model_in_use)

    assert [a.area.key for a in found.areas] == [
        "people",
        "model-creation",
        "model-release",
        "application-integration",
        "technology",
    ]
    assert [g.characteristic.key for g in found.areas[0].gaps] == ["people.2.2", "people.2.1"]
    assert found.top(1).areas[0].gaps == found.areas[0].gaps[:1]
    assert found.gap_count == 14


def test_nothing_submitted_counts_no_team(organisation, model_in_use):
    found = common_gaps(organisation, model_in_use)

    assert found.teams == 0 and found.areas == ()


def test_the_queries_stay_few_and_the_first_teams_are_alphabetical(
    organisation, model_in_use, manager, django_assert_max_num_queries
):
    teams = teams_in_bulk(organisation, model_in_use, manager, 30)
    action(teams[3], model_in_use, "technology.2.1", manager)
    with django_assert_max_num_queries(10):  # with the model's texts (once a process)
        common_gaps(organisation, model_in_use, teams_shown=None)

    with django_assert_max_num_queries(3):
        found = common_gaps(organisation, model_in_use)

    gap = gap_of(found, "technology.2.1")
    assert found.teams == 30 and gap.teams == 30 and gap.with_action == 1
    assert [t.name for t in gap.first_teams] == [f"Bulk {n:03}" for n in range(TEAMS_SHOWN)]
    assert gap.first_teams[3].has_action and gap.more_teams == 30 - TEAMS_SHOWN


def test_every_team_missing_a_characteristic_is_listed(
    organisation, team, other_team, model_in_use, manager, two_teams
):
    action(other_team, model_in_use, "people.2.2", manager)

    rows = list(teams_missing(organisation, model_in_use, "people.2.2"))

    assert [(r["team_name"], r["has_action"]) for r in rows] == [
        ("Forecasting", True),
        ("Fraud ML", False),
    ]
