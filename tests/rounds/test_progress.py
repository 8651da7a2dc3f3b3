"""A round's progress: per team, respondents finished / started / not started, disagreements
waiting, submitted, late; totals; filters; the CSV; a fixed number of queries."""

import csv
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Membership, Team, User
from assessments import selectors as assessment_selectors
from assessments import services as assessment_services
from assessments.models import Answer, Assessment
from maturity.models import Area
from rounds import selectors
from rounds.models import Entry
from tests.answers import answer_everything
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.rounds.round_helpers import open_round

AREAS = ["people", "model-creation", "model-release", "application-integration", "technology"]


def progress_url(round_):
    return reverse("rounds:detail", args=[round_.organisation.slug, round_.pk])


def answer(assessment, person, levels):
    for area, level in levels.items():
        assessment_services.answer_record(
            assessment=assessment, respondent=person, area_key=area, level=level
        )


def _person(organisation, team, email, role="member"):
    user = UserFactory(email=email)
    MembershipFactory(user=user, organisation=organisation, role=role, teams=[team])
    return user


@pytest.fixture
def world(organisation, team, other_team, manager, member, second_member, model_in_use):
    """Fraud ML: member finished, second_member started, a third not started; Forecasting:
    one respondent, not started; Search: submitted."""
    third = _person(organisation, team, "tom@acme.example")
    olga = _person(organisation, other_team, "olga@acme.example")
    search = TeamFactory(organisation=organisation, name="Search", slug="search")
    sam = _person(organisation, search, "sam@acme.example")
    round_ = open_round(organisation, [team, other_team, search], manager, model_in_use)
    entries = {e.team.slug: e for e in Entry.objects.filter(round=round_).select_related("team")}
    fraud = entries["fraud-ml"].assessment
    answer_everything(fraud, member, level=0)
    answer(fraud, second_member, {"people": 2, "model-creation": 1})
    searching = entries["search"].assessment
    answer_everything(searching, sam)
    assessment_services.assessment_submit(assessment=searching, by=manager)
    return {
        "round": round_,
        "entries": entries,
        "people": {"third": third, "olga": olga, "sam": sam},
    }


def rows_by_team(round_):
    return {row.team_slug: row for row in selectors.progress(round_).teams}


def test_each_team_counts_finished_started_and_not_started(world):
    rows = rows_by_team(world["round"])

    fraud, forecasting, search = rows["fraud-ml"], rows["forecasting"], rows["search"]
    assert (fraud.respondents, fraud.finished, fraud.started, fraud.not_started) == (3, 1, 1, 1)
    assert fraud.disagreements == 1  # people: 0 and 2
    assert fraud.stage == selectors.ANSWERING and not fraud.submitted
    assert (forecasting.respondents, forecasting.not_started) == (1, 1)
    assert forecasting.stage == selectors.NOT_STARTED
    assert search.submitted and search.stage == selectors.SUBMITTED
    assert search.disagreements == 0


def test_the_totals_cover_the_whole_round(world):
    totals = selectors.progress(world["round"]).totals

    assert (totals.teams, totals.submitted, totals.late) == (3, 1, 0)
    assert (totals.respondents, totals.finished, totals.started, totals.not_started) == (5, 2, 1, 2)
    assert (totals.disagreements, totals.teams_with_disagreements) == (1, 1)


@pytest.mark.parametrize(
    "levels",
    [
        # respondent → {area: level}; an "agreed" entry is the facilitator's agreed answer
        [{"people": 0, "technology": 1}, {"people": 2, "technology": 2}],
        [{"people": 1, "model-release": 4}, {"people": 3, "model-release": 0}, {"people": 2}],
        [{"people": 0, "technology": 3}, {"people": 4, "technology": 1}, {"agreed": "people"}],
        [{"people": 2}],
        [{"people": 1, "technology": 1}, {"people": 2, "technology": 2}, {"people": 3}],
    ],
)
def test_disagreements_waiting_agree_with_the_scoring_rule(
    organisation, team, manager, model_in_use, levels
):
    round_ = open_round(organisation, [team], manager, model_in_use)
    assessment = Entry.objects.get(round=round_).assessment
    for n, given in enumerate(levels):
        if "agreed" in given:
            assessment_services.agreed_record(
                assessment=assessment, area_key=given["agreed"], level=2, by=manager
            )
            continue
        person = _person(organisation, team, f"p{n}@acme.example")
        answer(assessment, person, given)

    result = assessment_selectors.result(assessment)
    expected = sum(
        1 for area in result.areas.values() if area.disagreement and area.source != "agreed"
    )
    assert selectors.progress(round_).teams[0].disagreements == expected


@pytest.mark.parametrize(
    ("state", "teams"),
    [
        ("", ["Forecasting", "Fraud ML", "Search"]),
        ("not_started", ["Forecasting"]),
        ("answering", ["Fraud ML"]),
        ("finished", []),
        ("disagreement", ["Fraud ML"]),
        ("submitted", ["Search"]),
        ("late", ["Forecasting"]),
        ("nonsense", ["Forecasting", "Fraud ML", "Search"]),  # not understood: left out
    ],
)
def test_the_page_filters_by_state(client_for, world, manager, state, teams):
    Entry.objects.filter(round=world["round"], team__slug="forecasting").update(late=True)

    response = client_for(manager).get(progress_url(world["round"]), {"state": state})

    assert [row.team_name for row in response.context["page"].object_list] == teams
    assert response.context["totals"].teams == 3  # the totals ignore the filters


def test_a_team_whose_respondents_all_finished_is_finished(world, member, second_member):
    fraud = world["entries"]["fraud-ml"].assessment
    answer_everything(fraud, second_member, level=0)
    answer_everything(fraud, world["people"]["third"], level=0)

    assert rows_by_team(world["round"])["fraud-ml"].stage == selectors.FINISHED


def test_the_page_searches_team_names(client_for, world, manager):
    response = client_for(manager).get(progress_url(world["round"]), {"q": "  fRAUD "})

    assert [row.team_name for row in response.context["page"].object_list] == ["Fraud ML"]


def test_the_page_shows_figures_links_and_late_teams(client_for, world, manager):
    Entry.objects.filter(round=world["round"], team__slug="forecasting").update(late=True)
    body = client_for(manager).get(progress_url(world["round"])).content.decode()

    fraud = world["entries"]["fraud-ml"]
    detail = reverse("assessments:detail", args=["acme", "fraud-ml", fraud.assessment_id])
    assert f'href="{detail}"' in body
    assert "1 team had not finished" in body and "?state=late" in body
    assert "Remind this team" in body and "Remind everyone who has not finished" in body
    assert "Extend deadline" in body and "Close round" in body


def test_an_anonymous_round_shows_counts_never_names(
    client_for, organisation, team, manager, member, second_member, model_in_use
):
    round_ = open_round(organisation, [team], manager, model_in_use, anonymous=True)
    answer_everything(Entry.objects.get(round=round_).assessment, member)
    client = client_for(manager)

    for response in (
        client.get(progress_url(round_)),
        client.get(reverse("rounds:export", args=["acme", round_.pk])),
    ):
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        for person in (member, second_member):
            assert person.name not in body and person.email not in body


def test_the_page_is_paginated_by_fifty(client_for, organisation, manager, model_in_use):
    teams = Team.objects.bulk_create(
        Team(organisation=organisation, name=f"Team {n:03d}", slug=f"team-{n:03d}")
        for n in range(55)
    )
    round_ = open_round(organisation, teams, manager, model_in_use)
    client = client_for(manager)

    first = client.get(progress_url(round_))
    second = client.get(progress_url(round_), {"page": 2, "state": "not_started"})

    assert len(first.context["page"].object_list) == 50
    assert [row.team_name for row in second.context["page"].object_list] == [
        f"Team {n:03d}" for n in range(50, 55)
    ]
    assert "state=not_started&amp;page=1" in second.content.decode()


# --- CSV ---------------------------------------------------------------------------------


def read_csv(response):
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_csv_has_the_pages_rows_and_filters(client_for, world, manager):
    export = reverse("rounds:export", args=["acme", world["round"].pk])
    client = client_for(manager)

    rows = read_csv(client.get(export))
    answering = read_csv(client.get(export, {"state": "answering"}))

    assert rows[0][:3] == ["team", "team_slug", "stage"]
    assert [row[0] for row in rows[1:]] == ["Forecasting", "Fraud ML", "Search"]
    assert rows[2] == ["Fraud ML", "fraud-ml", "answering", "3", "1", "1", "1", "1", "no", "no"]
    assert [row[0] for row in answering[1:]] == ["Fraud ML"]


def test_the_csv_never_hands_a_spreadsheet_a_formula(
    client_for, organisation, manager, model_in_use
):
    team = TeamFactory(organisation=organisation, name='=HYPERLINK("http://evil")', slug="evil")
    round_ = open_round(organisation, [team], manager, model_in_use)

    rows = read_csv(client_for(manager).get(reverse("rounds:export", args=["acme", round_.pk])))

    assert rows[1][0] == '\'=HYPERLINK("http://evil")'


# --- a fixed number of queries -------------------------------------------------------------


def build_round(organisation, manager, model, teams, label, respondents=3):
    """`teams` teams of `respondents` members each, in bulk, in a round; each respondent has
    answered a different number of areas at levels 0, 2, 4 (disagreements), some teams have
    submitted, some are late."""
    prefix = label.lower()
    made = Team.objects.bulk_create(
        Team(organisation=organisation, name=f"{label} {n:03d}", slug=f"{prefix}-{n:03d}")
        for n in range(teams)
    )
    users = User.objects.bulk_create(
        User(email=f"{prefix}{n}-{r}@acme.example", name=f"{label} {n}/{r}")
        for n in range(teams)
        for r in range(respondents)
    )
    memberships = Membership.objects.bulk_create(
        Membership(user=user, organisation=organisation, role="member") for user in users
    )
    Membership.teams.through.objects.bulk_create(
        Membership.teams.through(membership_id=m.pk, team_id=made[n // respondents].pk)
        for n, m in enumerate(memberships)
    )
    round_ = open_round(organisation, made, manager, model, label=label)
    areas = list(Area.objects.filter(model=model).order_by("position"))
    answers = []
    for n, entry in enumerate(Entry.objects.filter(round=round_).order_by("team__name")):
        for r in range(respondents):
            answers += [
                Answer(
                    assessment_id=entry.assessment_id,
                    respondent=users[n * respondents + r],
                    area=area,
                    level=(r * 2) % 5,
                )
                for area in areas[: (n + r) % (len(areas) + 1)]
            ]
    Answer.objects.bulk_create(answers)
    Assessment.objects.filter(round_entry__round=round_, team__name__endswith="7").update(
        state=Assessment.State.SUBMITTED
    )
    Entry.objects.filter(round=round_, team__name__endswith="3").update(late=True)
    return round_


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def test_the_progress_page_takes_the_same_few_queries_for_5_or_60_teams(
    client_for, organisation, manager, model_in_use, django_assert_max_num_queries
):
    small = build_round(organisation, manager, model_in_use, 5, "Small")
    large = build_round(organisation, manager, model_in_use, 60, "Large")
    client = client_for(manager)
    client.get(progress_url(small))  # the session remembers the organisation once

    small_count, _small_page = queries_of(client, progress_url(small))
    with django_assert_max_num_queries(12):
        large_count, page = queries_of(client, progress_url(large))

    assert small_count == large_count
    totals = page.context["totals"]
    assert totals.teams == 60 and totals.respondents == 180
    assert totals.finished and totals.started and totals.not_started and totals.disagreements
    assert totals.submitted == 6 and totals.late == 6
