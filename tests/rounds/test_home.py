"""A member's home page lists their rounds: "2 areas left, due Friday", a button to continue
answering; finished ones say so; nothing for viewers. Managers who answer see the same box on
their dashboard. One query, however many rounds."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from assessments import services as assessment_services
from rounds import services
from rounds.home import MyRound, my_rounds
from rounds.models import Entry, Respondent, Round
from tests.answers import answer_everything
from tests.factories import MembershipFactory, OrganisationFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

HOME = reverse("organisation", args=["acme"])


def open_round(organisation, teams, by, model, label="2027 Q1", days=14, **kwargs):
    today = timezone.localdate()
    return services.round_open(
        organisation=organisation,
        label=label,
        model=model,
        opens_on=kwargs.pop("opens_on", today),
        deadline=today + timedelta(days=days),
        teams=teams,
        by=by,
        **kwargs,
    )


def assessment_of(round_, team):
    return Entry.objects.get(round=round_, team=team).assessment


def row(deadline_in, left=2, submitted=False):
    today = date(2026, 12, 7)  # a Monday
    round_ = Round(label="2027 Q1", deadline=today + timedelta(days=deadline_in))
    return MyRound(
        round=round_,
        team=None,
        assessment_id=1,
        areas=5,
        answered=5 - left,
        submitted=submitted,
        today=today,
    )


@pytest.mark.parametrize(
    ("days", "due"),
    [
        (-1, "late"),
        (0, "due today"),
        (1, "due tomorrow"),
        (4, "due Friday"),
        (6, "due Sunday"),
        (7, "due 14 December"),
        (40, "due 16 January"),
    ],
)
def test_the_deadline_is_a_weekday_within_a_week_else_a_date(days, due):
    assert row(days).due == due
    assert row(days).late == (days < 0)


def test_finished_when_every_area_is_answered_or_the_assessment_submitted():
    assert (row(3, left=2).finished, row(3, left=0).finished) == (False, True)
    assert row(3, left=2, submitted=True).finished


def test_a_member_sees_their_open_round_with_areas_left_and_a_button_to_continue(
    client_for, organisation, team, manager, member, model_in_use
):
    round_ = open_round(organisation, [team], manager, model_in_use, days=3)
    assessment = assessment_of(round_, team)
    for area in ("people", "model-creation", "model-release"):
        assessment_services.answer_record(
            assessment=assessment, respondent=member, area_key=area, level=1
        )
    weekday = formats.date_format(round_.deadline, "l")

    response = client_for(member).get(HOME, HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert "Your rounds" in page
    assert f"2 areas left, due {weekday}" in page
    answer = reverse("assessments:answer", args=["acme", "fraud-ml", assessment.pk])
    assert f'href="{answer}">Continue answering' in page


def test_finished_and_submitted_rounds_say_so(
    client_for, organisation, team, other_team, manager, member, model_in_use
):
    member.memberships.get().teams.add(other_team)
    round_ = open_round(organisation, [team, other_team], manager, model_in_use)
    answer_everything(assessment_of(round_, team), member)
    done = assessment_of(round_, other_team)
    answer_everything(done, member)
    assessment_services.assessment_submit(assessment=done, by=manager)

    page = client_for(member).get(HOME, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "You have answered every area." in page and "Review your answers" in page
    assert "Submitted" in page and "See the results" in page
    assert "Continue answering" not in page


def test_carried_answers_not_yet_confirmed_are_still_left(
    client_for, organisation, team, manager, member, model_in_use
):
    last = assessment_services.assessment_start(
        team=team, model=model_in_use, label="2026 Q3", date=date(2026, 8, 14), by=manager
    )
    answer_everything(last, member)
    assessment_services.assessment_submit(assessment=last, by=manager)
    round_ = open_round(organisation, [team], manager, model_in_use, days=0)
    assert assessment_of(round_, team).carried_from == last

    page = client_for(member).get(HOME, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "5 areas left, due today" in page


def test_late_after_the_deadline(client_for, organisation, team, manager, member, model_in_use):
    round_ = open_round(organisation, [team], manager, model_in_use)
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.localdate() - timedelta(days=1))

    page = client_for(member).get(HOME, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "5 areas left, late" in page


def test_closed_scheduled_and_other_peoples_rounds_are_not_listed(
    client_for, organisation, team, other_team, manager, member, second_member, model_in_use
):
    third = TeamFactory(organisation=organisation, name="Third", slug="third")
    member.memberships.get().teams.add(other_team, third)
    closed = open_round(organisation, [team], manager, model_in_use, label="Closed")
    services.round_close(round_=closed, by=manager)
    open_round(
        organisation,
        [other_team],
        manager,
        model_in_use,
        label="Later",
        opens_on=timezone.localdate() + timedelta(days=2),
        days=20,
    )
    asked = open_round(organisation, [third], manager, model_in_use, label="Not me")
    Respondent.objects.filter(entry__round=asked, user=member).delete()

    page = client_for(member).get(HOME, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Your rounds" not in page
    assert my_rounds(member.memberships.get()) == []


def test_a_member_who_left_the_team_no_longer_sees_its_round(
    organisation, team, manager, member, model_in_use
):
    open_round(organisation, [team], manager, model_in_use)
    membership = member.memberships.get()
    assert len(my_rounds(membership)) == 1

    membership.teams.clear()

    assert my_rounds(membership) == []


def test_viewers_see_no_rounds_even_when_named_by_hand(
    client_for, organisation, team, manager, viewer, model_in_use
):
    round_ = open_round(organisation, [team], manager, model_in_use)
    assert not Respondent.objects.filter(user=viewer).exists()  # never named by the round
    Respondent.objects.create(entry=Entry.objects.get(round=round_), user=viewer)

    page = client_for(viewer).get(HOME, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Your rounds" not in page


def test_another_organisations_rounds_are_not_listed(
    client_for, organisation, team, manager, member, mlops
):
    globex = OrganisationFactory(name="Globex", slug="globex")
    globex.models_in_use.add(mlops)
    theirs = TeamFactory(organisation=globex, name="Theirs", slug="theirs")
    boss = UserFactory()
    MembershipFactory(user=boss, organisation=globex, role="manager")
    MembershipFactory(user=member, organisation=globex, role="member", teams=[theirs])
    open_round(globex, [theirs], boss, mlops)

    page = client_for(member).get(HOME, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Your rounds" not in page


def test_a_manager_who_answers_sees_the_box_on_the_dashboard(
    client_for, organisation, team, manager, member, model_in_use
):
    manager.memberships.get().teams.add(team)
    open_round(organisation, [team], manager, model_in_use)

    page = client_for(manager).get(HOME, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Your rounds" in page and "5 areas left" in page


def test_the_home_page_costs_the_same_queries_however_many_rounds(
    client_for, organisation, team, manager, member, model_in_use, django_assert_max_num_queries
):
    client = client_for(member)
    open_round(organisation, [team], manager, model_in_use, label="One")
    client.get(HOME)  # the session's once-a-minute refresh
    # The page's seven, one for the rounds, one for the reader's actions (plans).
    with django_assert_max_num_queries(9) as one:
        client.get(HOME)

    teams = [TeamFactory(organisation=organisation) for _ in range(4)]
    member.memberships.get().teams.add(*teams)
    for n, other in enumerate(teams):
        round_ = open_round(organisation, [other], manager, model_in_use, label=f"R{n}")
        answer_everything(assessment_of(round_, other), member, level=n)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(HOME)

    assert len(response.context["teams"]) == 5
    assert response.content.decode().count("list-group-item") == 5
