"""A new organisation's dashboard says what to do next and offers nothing that can only
fail (issue 15, items 5 and 13)."""

from datetime import date

import pytest
from django.urls import reverse

from tests.dashboards.test_dashboards import submit
from tests.factories import MembershipFactory, TeamFactory, UserFactory

BUTTONS = ("PDF report", ">CSV<", ">XLSX<", "Compare teams")


def dashboard(client, organisation):
    return client.get(reverse("organisation", args=[organisation.slug])).content.decode()


@pytest.mark.django_db
def test_without_teams_the_admin_is_led_to_create_one_and_offered_no_exports(
    client_for, admin, organisation, model_in_use
):
    page = dashboard(client_for(admin), organisation)

    assert reverse("orgs:team_create", args=[organisation.slug]) in page
    assert "Create the first one" in page
    for button in BUTTONS:
        assert button not in page


@pytest.mark.django_db
def test_teams_without_results_say_how_to_start_and_offer_no_exports(
    client_for, manager, organisation, team, model_in_use
):
    TeamFactory(organisation=organisation)

    page = dashboard(client_for(manager), organisation)

    assert "start its first assessment" in page
    for button in BUTTONS:
        assert button not in page


@pytest.mark.django_db
def test_a_submitted_result_brings_the_reports_exports_and_comparison(
    client_for, manager, member, organisation, team, model_in_use
):
    TeamFactory(organisation=organisation)
    submit(team, model_in_use, member, manager, "2026 Q1", date(2026, 2, 1))

    page = dashboard(client_for(manager), organisation)

    for button in BUTTONS:
        assert button in page
    assert "start its first assessment" not in page


@pytest.mark.django_db
def test_one_team_offers_no_comparison(client_for, manager, member, organisation, team, mlops):
    organisation.models_in_use.add(mlops)
    submit(team, mlops, member, manager, "2026 Q1", date(2026, 2, 1))

    assert "Compare teams" not in dashboard(client_for(manager), organisation)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member", "viewer"])
def test_team_cards_count_every_member_of_the_team(client_for, organisation, team, role):
    person = UserFactory()
    MembershipFactory(user=person, organisation=organisation, role=role, teams=[team])
    for _ in range(2):
        MembershipFactory(organisation=organisation, role="member", teams=[team])

    page = dashboard(client_for(person), organisation)
    teams = client_for(person).get(reverse("orgs:teams", args=[organisation.slug]))

    assert "3 members" in page
    assert [t.member_count for t in teams.context["page"].object_list] == [3]
