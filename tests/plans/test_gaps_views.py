"""The common gaps page, its team lists and its exports: managers only, scoped, filtered."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from maturity.models import Characteristic
from plans.gaps import TEAMS_SHOWN
from rounds import services as round_services
from tests.factories import MembershipFactory, OrganisationFactory, TeamFactory, UserFactory
from tests.plans.gap_helpers import action, submit, teams_in_bulk


def gaps_url(organisation, name="plans:gaps", *args):
    return reverse(name, args=[organisation.slug, *args])


@pytest.fixture
def results(team, other_team, model_in_use, manager):
    submit(team, model_in_use, manager, level=1, ticked=["people.2.1"])
    submit(other_team, model_in_use, manager, level=1)
    action(team, model_in_use, "people.2.2", manager)


def test_a_manager_sees_the_common_gaps_with_counts_teams_and_actions(
    client_for, manager, organisation, results
):
    response = client_for(manager).get(gaps_url(organisation))

    assert response.status_code == 200
    page = response.content.decode()
    found = response.context["gaps"]
    assert found.teams == 2
    people = found.areas[0]
    assert [(g.characteristic.key, g.teams, g.with_action) for g in people.gaps] == [
        ("people.2.2", 2, 1),
        ("people.2.1", 1, 0),
    ]
    assert people.gaps[0].characteristic.text in page
    assert 'class="gap-count">2</span>' in page  # the number is text beside its bar
    assert "action-badge" in page
    assert reverse("reports:gaps_csv", args=[organisation.slug]) in page
    assert reverse("plans:gaps", args=[organisation.slug]) in page  # in the navigation


@pytest.mark.parametrize("role", ["admin", "manager"])
def test_managers_and_admins_find_it_in_the_navigation(client_for, role, request, organisation):
    response = client_for(request.getfixturevalue(role)).get(
        reverse("orgs:teams", args=[organisation.slug])
    )

    assert reverse("plans:gaps", args=[organisation.slug]) in response.content.decode()


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_members_and_viewers_are_refused(client_for, role, request, organisation, results):
    client = client_for(request.getfixturevalue(role))
    assert (
        reverse("plans:gaps", args=[organisation.slug])
        not in client.get(reverse("orgs:teams", args=[organisation.slug])).content.decode()
    )
    characteristic = Characteristic.objects.get(key="people.2.2")

    for url in (
        gaps_url(organisation),
        gaps_url(organisation, "plans:gap_teams", characteristic.pk),
        gaps_url(organisation, "reports:gaps_csv"),
        gaps_url(organisation, "reports:gaps_xlsx"),
    ):
        assert client.get(url).status_code == 403, url


def test_an_outsider_gets_a_404(client_for, outsider, organisation, results):
    characteristic = Characteristic.objects.get(key="people.2.2")
    client = client_for(outsider)

    for url in (
        gaps_url(organisation),
        gaps_url(organisation, "plans:gap_teams", characteristic.pk),
        gaps_url(organisation, "reports:gaps_csv"),
        gaps_url(organisation, "reports:gaps_xlsx"),
    ):
        assert client.get(url).status_code == 404, url


def test_a_foreign_round_or_model_in_the_filters_is_ignored(
    client_for,
    manager,
    organisation,
    model_in_use,
    mini_model,
    outsider,
    other_organisation,
    results,
):
    other_organisation.models_in_use.add(model_in_use)
    today = date.today()
    foreign = round_services.round_open(
        organisation=other_organisation,
        label="Theirs",
        model=model_in_use,
        opens_on=today,
        deadline=today,
        teams=[TeamFactory(organisation=other_organisation)],
        by=outsider,
    )
    client = client_for(manager)

    response = client.get(gaps_url(organisation), {"round": foreign.pk, "model": mini_model.pk})

    assert response.status_code == 200
    assert response.context["filters"].round is None
    assert response.context["filters"].model == model_in_use
    assert response.context["gaps"].teams == 2
    assert client.get(gaps_url(organisation), {"dimension": "nonsense"}).context["gaps"].teams == 2


def test_a_characteristic_of_a_model_not_in_use_is_a_404(
    client_for, manager, organisation, mini_model, results
):
    foreign = Characteristic.objects.filter(model=mini_model).first()

    response = client_for(manager).get(gaps_url(organisation, "plans:gap_teams", foreign.pk))

    assert response.status_code == 404


def test_the_dimension_filter_keeps_one_dimension(client_for, manager, organisation, results):
    response = client_for(manager).get(gaps_url(organisation), {"dimension": "technology"})

    assert [a.area.key for a in response.context["gaps"].areas] == ["technology"]
    assert "dimension=technology" in response.context["query"]


def test_no_submitted_assessment_says_so(client_for, manager, organisation, model_in_use):
    response = client_for(manager).get(gaps_url(organisation))

    assert response.status_code == 200
    assert "No team has submitted an assessment of this model yet" in response.content.decode()


def test_no_gaps_says_so(client_for, manager, organisation, team, model_in_use):
    submit(team, model_in_use, manager, level=4)

    response = client_for(manager).get(gaps_url(organisation))

    assert "No gaps" in response.content.decode()


def test_an_organisation_without_models_says_so(client_for, manager, organisation):
    response = client_for(manager).get(gaps_url(organisation))

    assert response.status_code == 200
    assert "uses no maturity model yet" in response.content.decode()
    assert client_for(manager).get(gaps_url(organisation, "reports:gaps_csv")).status_code == 404


def test_the_page_answers_in_few_queries_at_30_teams(
    client_for, manager, organisation, model_in_use, django_assert_max_num_queries
):
    teams_in_bulk(organisation, model_in_use, manager, 30)
    client = client_for(manager)
    client.get(gaps_url(organisation))  # the model's texts and the session, once

    with django_assert_max_num_queries(10):
        response = client.get(gaps_url(organisation))

    gap = response.context["gaps"].areas[0].gaps[0]
    assert gap.teams == 30 and len(gap.first_teams) == TEAMS_SHOWN
    assert f"and {30 - TEAMS_SHOWN} more" in response.content.decode()


def test_the_team_list_of_a_characteristic_is_paginated(
    client_for, manager, organisation, model_in_use
):
    teams = teams_in_bulk(organisation, model_in_use, manager, 55)
    action(teams[0], model_in_use, "technology.2.1", manager)
    characteristic = Characteristic.objects.get(model=model_in_use, key="technology.2.1")
    url = gaps_url(organisation, "plans:gap_teams", characteristic.pk)
    client = client_for(manager)

    first = client.get(url)
    second = client.get(url, {"page": 2})

    assert first.status_code == 200 and second.status_code == 200
    assert first.context["page"].paginator.count == 55
    assert first.context["page"].object_list[0]["has_action"] is True
    assert len(second.context["page"].object_list) == 5
    assert "Bulk 054" in second.content.decode()
    assert f"/o/{organisation.slug}/teams/bulk-054/" in second.content.decode()


def test_the_csv_has_the_columns_and_every_team(client_for, manager, organisation, results):
    response = client_for(manager).get(gaps_url(organisation, "reports:gaps_csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == [
        "area",
        "dimension",
        "characteristic",
        "level",
        "teams_missing",
        "share",
        "teams_with_action",
        "team_names",
    ]
    first = rows[0]
    characteristic = Characteristic.objects.get(key="people.2.2")
    assert first["characteristic"] == characteristic.text
    assert (first["level"], first["teams_missing"], first["share"]) == ("2", "2", "1.0")
    assert (first["teams_with_action"], first["team_names"]) == ("1", "Forecasting; Fraud ML")


def test_the_xlsx_has_the_same_figures(client_for, manager, organisation, results):
    response = client_for(manager).get(
        gaps_url(organisation, "reports:gaps_xlsx"), {"dimension": "people"}
    )

    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:5] == ("area", "dimension", "characteristic", "level", "teams_missing")
    assert [row[4:7] for row in rows[1:]] == [(2, 1.0, 1), (1, 0.5, 0)]
    assert rows[2][7] == "Forecasting"


def test_a_team_name_that_looks_like_a_formula_stays_text(
    client_for, manager, organisation, team, model_in_use, results
):
    team.name = "=HYPERLINK(1)"
    team.save()

    response = client_for(manager).get(gaps_url(organisation, "reports:gaps_csv"))

    assert "'=HYPERLINK(1)" in response.content.decode()


def test_another_organisations_manager_sees_only_their_own(
    client_for, organisation, model_in_use, results
):
    other = OrganisationFactory(slug="initech")
    other.models_in_use.add(model_in_use)
    boss = UserFactory()
    MembershipFactory(user=boss, organisation=other, role="manager")

    response = client_for(boss).get(gaps_url(other))

    assert response.status_code == 200 and response.context["gaps"].teams == 0


def test_a_round_of_the_model_can_be_chosen(
    client_for, manager, organisation, team, other_team, model_in_use, results
):
    today = date.today()
    round_ = round_services.round_open(
        organisation=organisation, label="2027 Q1", model=model_in_use, opens_on=today,
        deadline=today, teams=[team, other_team], by=manager,
    )  # fmt: skip
    client = client_for(manager)

    response = client.get(gaps_url(organisation), {"model": model_in_use.pk, "round": round_.pk})

    assert response.context["filters"].round == round_
    assert response.context["gaps"].teams == 0
    assert "No team has submitted its assessment in this round yet." in response.content.decode()
    assert f'<option value="{round_.pk}" selected>2027 Q1</option>' in response.content.decode()
