"""The organisation's dashboard by round: each team's assessment in the chosen round, and the
current round's completion at the top."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Team
from assessments import services as assessment_services
from assessments.bulk import assessments_submit_complete
from assessments.models import Answer
from dashboards import rounds as dashboard_rounds
from maturity.models import Area
from rounds import services
from rounds.models import Entry, Round
from tests.answers import answer_everything
from tests.factories import TeamFactory


def open_round(organisation, teams, by, model, label="2027 Q1", **kwargs):
    today = timezone.localdate()
    values = {"opens_on": today, "deadline": today + timedelta(days=14), **kwargs}
    return services.round_open(
        organisation=organisation, label=label, model=model, teams=teams, by=by, **values
    )


def round_assessment(round_, team):
    return Entry.objects.select_related("assessment").get(round=round_, team=team).assessment


def submit_in_round(round_, team, person, by, level):
    assessment = round_assessment(round_, team)
    answer_everything(assessment, person, level=level)
    return assessment_services.assessment_submit(assessment=assessment, by=by)


def pass_the_deadline(round_):
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    return services.deadline_pass(round_)


def round_in_bulk(organisation, model, person, count, label="Bulk"):
    """`count` new teams in a new round; every other one answered completely (by `person`)
    and submitted, in bulk."""
    teams = Team.objects.bulk_create(TeamFactory.build_batch(count, organisation=organisation))
    round_ = open_round(organisation, teams, person, model, label=label)
    areas = list(Area.objects.filter(model=model))
    answered = [e.assessment_id for e in Entry.objects.filter(round=round_)][::2]
    Answer.objects.bulk_create(
        Answer(assessment_id=pk, respondent=person, area=area, level=n % 5)
        for n, pk in enumerate(answered)
        for area in areas
    )
    assessments_submit_complete(answered, by=person)
    return round_


def dashboard(client, organisation, **params):
    return client.get(reverse("organisation", args=[organisation.slug]), params)


@pytest.fixture
def search(organisation):
    return TeamFactory(organisation=organisation, name="Search", slug="search")


@pytest.fixture
def in_round(organisation, team, other_team, search, member, manager, model_in_use):
    """Round 2027 Q1 of Fraud ML (submitted at level 1, then assessed again at level 3) and
    Forecasting (not submitted); Search, in no round, submitted at level 2."""
    round_ = open_round(organisation, [team, other_team], manager, model_in_use)
    submit_in_round(round_, team, member, manager, level=1)
    later = assessment_services.assessment_start(
        team=team, model=model_in_use, label="Later", date=timezone.localdate(), by=manager
    )
    answer_everything(later, member, level=3)
    assessment_services.assessment_submit(assessment=later, by=manager)
    alone = assessment_services.assessment_start(
        team=search, model=model_in_use, label="Alone", date=timezone.localdate(), by=manager
    )
    answer_everything(alone, manager, level=2)
    assessment_services.assessment_submit(assessment=alone, by=manager)
    return round_


@pytest.mark.django_db
def test_a_round_shows_its_teams_with_their_assessment_in_it_not_their_latest(
    client_for, manager, organisation, team, other_team, search, in_round
):
    assessment_services.target_set(team=team, dimension_key="people", level=2, by=manager)
    client = client_for(manager)

    latest = dashboard(client, organisation).context
    rows = {row["team"]: row for row in latest["heat_rows"]}
    assert set(rows) == {team, other_team, search}
    assert (rows[team]["label"], rows[team]["level"]) == ("Later", 3)
    assert latest["below_target"] == []

    chosen = dashboard(client, organisation, round=in_round.pk).context
    assert chosen["filters"].round == in_round
    rows = {row["team"]: row for row in chosen["heat_rows"]}
    assert set(rows) == {team, other_team}  # Search is in no round
    assert (rows[team]["label"], rows[team]["level"]) == ("2027 Q1", 1)
    assert rows[other_team]["level"] is None and rows[other_team]["team"].latest_id is None
    assert all(sum(counts) == 1 for _d, counts in chosen["distribution"])
    assert [(name, key, level) for _s, name, key, level, _t in chosen["below_target"]] == [
        ("Fraud ML", "people", 1)
    ]
    page = dashboard(client, organisation, round=in_round.pk).content.decode()
    assert "The teams of round 2027 Q1" in page
    # Sorting and the next page keep the round.
    assert f"round={in_round.pk}&amp;sort=" in page


@pytest.mark.django_db
def test_a_round_nobody_has_submitted_in_says_so(
    client_for, manager, organisation, team, model_in_use
):
    round_ = open_round(organisation, [team], manager, model_in_use)

    response = dashboard(client_for(manager), organisation, round=round_.pk)

    assert "No team has submitted its assessment in this round yet." in response.content.decode()
    assert response.context["distribution"] and not response.context["has_round_results"]


@pytest.mark.django_db
def test_the_round_list_holds_the_rounds_of_the_model_shown(
    client_for, manager, organisation, team, other_team, model_in_use, mini_model
):
    organisation.models_in_use.add(mini_model)
    mlops_round = open_round(organisation, [team], manager, model_in_use, label="MLOps Q1")
    mini_round = open_round(organisation, [other_team], manager, mini_model, label="DevOps Q1")
    client = client_for(manager)

    def round_options(**params):
        form = dashboard(client, organisation, **params).context["form"]
        return [str(label) for _value, label in form.fields["round"].widget.choices]

    assert round_options(model=model_in_use.pk) == ["Latest results", "MLOps Q1"]
    assert round_options(model=mini_model.pk) == ["Latest results", "DevOps Q1"]
    # A link to a round alone shows the round's model.
    alone = dashboard(client, organisation, round=mlops_round.pk).context["filters"]
    assert (alone.model, alone.round) == (model_in_use, mlops_round)
    # The model changed, the other model's round still in the form: the round is dropped.
    changed = dashboard(client, organisation, model=mini_model.pk, round=mlops_round.pk)
    assert (changed.context["filters"].model, changed.context["filters"].round) == (
        mini_model,
        None,
    )
    assert round_options(model=mini_model.pk, round=mini_round.pk)[1] == "DevOps Q1"


@pytest.mark.django_db
def test_another_organisations_round_is_not_understood(
    client_for, manager, outsider, organisation, other_organisation, model_in_use, team
):
    other_organisation.models_in_use.add(model_in_use)
    theirs = open_round(
        other_organisation,
        [TeamFactory(organisation=other_organisation)],
        outsider,
        model_in_use,
    )

    response = dashboard(client_for(manager), organisation, round=theirs.pk)

    assert response.status_code == 200 and response.context["filters"].round is None
    assert "Some filters were not understood and are ignored." in response.content.decode()


@pytest.mark.django_db
def test_an_organisation_without_rounds_is_not_asked_for_one(
    client_for, manager, organisation, model_in_use
):
    page = dashboard(client_for(manager), organisation).content.decode()

    assert 'name="round"' not in page
    assert "current-round-heading" not in page


@pytest.mark.django_db
def test_cached_figures_are_kept_apart_per_round(
    client_for, manager, organisation, in_round, settings
):
    settings.DASHBOARD_CACHE_SECONDS = 300
    client = client_for(manager)

    def people_levels(**params):
        distribution = dashboard(client, organisation, **params).context["distribution"]
        return next(counts for d, counts in distribution if d.key == "people")

    assert people_levels() == [0, 0, 1, 1, 0]  # Search at 2, Fraud ML's later one at 3
    assert people_levels(round=in_round.pk) == [0, 1, 0, 0, 0]
    assert people_levels() == [0, 0, 1, 1, 0]


@pytest.mark.django_db
def test_the_dashboard_shows_the_current_rounds_completion(
    client_for, manager, member, organisation, team, other_team, search, model_in_use
):
    round_ = open_round(organisation, [team, other_team, search], manager, model_in_use)
    submit_in_round(round_, team, member, manager, level=2)
    answer_everything(round_assessment(round_, other_team), member, level=1)  # complete
    client = client_for(manager)

    page = dashboard(client, organisation).content.decode()
    assert "Round 2027 Q1" in page and "1 of 3 teams submitted" in page
    assert f'href="/o/acme/rounds/{round_.pk}/"' in page
    assert '<progress class="meter" value="1" max="3"' in page

    pass_the_deadline(round_)  # Forecasting is submitted by it, Search is late
    completion = dashboard(client, organisation).context["completion"]
    assert (completion.teams, completion.submitted, completion.late) == (3, 2, 1)
    assert completion.not_finished == 0
    page = dashboard(client, organisation).content.decode()
    assert "2 of 3 teams submitted, 1 late" in page and "Past its deadline" in page


@pytest.mark.django_db
def test_only_an_opened_round_that_is_not_closed_is_current(
    client_for, manager, organisation, team, other_team, model_in_use
):
    today = timezone.localdate()
    first = open_round(organisation, [team], manager, model_in_use, label="First")
    open_round(
        organisation,
        [other_team],
        manager,
        model_in_use,
        label="Scheduled",
        opens_on=today + timedelta(days=7),
        deadline=today + timedelta(days=21),
    )
    client = client_for(manager)
    assert dashboard(client, organisation).context["current_round"] == first

    services.round_close(round_=first, by=manager)

    assert dashboard(client, organisation).context["current_round"] is None
    first.refresh_from_db()
    assert dashboard_rounds.current_round([first]) is None


@pytest.mark.django_db
def test_the_round_link_leads_to_the_rounds_page_once_it_exists(
    organisation, team, manager, model_in_use
):
    round_ = open_round(organisation, [team], manager, model_in_use)

    assert dashboard_rounds.progress_url(organisation, round_) == f"/o/acme/rounds/{round_.pk}/"


@pytest.mark.django_db
@pytest.mark.parametrize("chosen", [False, True])
def test_a_round_costs_a_fixed_number_of_queries(
    client_for, manager, organisation, model_in_use, settings, chosen
):
    """The completion box, and the dashboard filtered by the round, whatever its size."""
    settings.DASHBOARD_CACHE_SECONDS = 0  # count the queries that compute every figure
    client = client_for(manager)
    counts = []
    for size, label in ((5, "Small"), (50, "Large")):
        round_ = round_in_bulk(organisation, model_in_use, manager, size, label=label)
        params = {"round": round_.pk} if chosen else {}
        dashboard(client, organisation, **params)  # warm the in-process model outline
        with CaptureQueriesContext(connection) as captured:
            response = dashboard(client, organisation, **params)
        assert response.context["completion"].teams == size
        assert response.context["completion"].submitted == (size + 1) // 2
        # Savepoints exist only because each test runs inside a transaction.
        counts.append(sum(not q["sql"].startswith(("SAVEPOINT", "RELEASE")) for q in captured))
        services.round_close(round_=round_, by=manager)
    assert counts[0] == counts[1]
    # The dashboard's own (at most 16, test_dashboards) and the round's completion.
    assert counts[0] <= 17
