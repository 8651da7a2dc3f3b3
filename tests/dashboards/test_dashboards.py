from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Team
from assessments import services, stored
from assessments.models import Answer, Assessment, Target
from assessments.scoring import difference
from maturity.models import Area
from reports.exports import results_export
from tests.answers import answer_everything
from tests.factories import TeamFactory


def submit(team, model, member, manager, label, day, **levels):
    assessment = services.assessment_start(
        team=team, model=model, label=label, date=day, by=manager
    )
    answer_everything(assessment, member, **levels)
    services.assessment_submit(assessment=assessment, by=manager)
    assessment.refresh_from_db()
    return assessment


def submitted_in_bulk(organisation, model, person, count, rounds):
    """`count` new teams, each with one submitted assessment per (label, day, shift) of
    `rounds`, `person` answering every area at level (n + shift) % 5 for the n-th team: the
    rows that `submit` writes one assessment at a time, inserted in bulk, and the results
    stored by the service `assessment_submit` calls (`results_store`)."""
    teams = Team.objects.bulk_create(TeamFactory.build_batch(count, organisation=organisation))
    areas = list(Area.objects.filter(model=model))
    assessments, levels = [], []
    for n, team in enumerate(teams):
        for label, day, shift in rounds:
            assessments.append(
                Assessment(
                    team=team,
                    model=model,
                    label=label,
                    date=day,
                    state=Assessment.State.SUBMITTED,
                    started_by=person,
                    submitted_by=person,
                    submitted_at=timezone.now(),
                )
            )
            levels.append((n + shift) % 5)
    Assessment.objects.bulk_create(assessments)
    Answer.objects.bulk_create(
        Answer(assessment=assessment, respondent=person, area=area, level=level)
        for assessment, level in zip(assessments, levels, strict=True)
        for area in areas
    )
    stored.results_store(assessments)
    return assessments


@pytest.fixture
def history(team, other_team, model_in_use, member, manager, organisation):
    from accounts.models import Membership

    Membership.objects.get(user=member, organisation=organisation).teams.add(other_team)
    return [
        submit(team, model_in_use, member, manager, "2026 Q1", date(2026, 3, 31), level=1),
        submit(
            team, model_in_use, member, manager, "2026 Q2", date(2026, 6, 30), level=2, people=1
        ),
        submit(other_team, model_in_use, member, manager, "2026 Q2", date(2026, 6, 30), level=3),
    ]


def dashboard(client, organisation, **params):
    return client.get(reverse("organisation", args=[organisation.slug]), params)


@pytest.mark.django_db
def test_organisation_dashboard_numbers_equal_the_export(
    client_for, manager, organisation, history
):
    response = dashboard(client_for(manager), organisation)
    exported = results_export(organisation)["assessments"]
    latest = {item["team"]: item for item in exported}  # ordered by date: the last one wins

    for row in response.context["heat_rows"]:
        item = latest[row["team"].slug]
        assert row["team"].latest_score == pytest.approx(item["overall"]["score"], abs=0.005)
        assert row["level"] == item["overall"]["level"]
        assert [round(c, 2) for c in row["cells"]] == [
            area["score"] for area in item["areas"].values()
        ]
    distribution = dict((d.key, counts) for d, counts in response.context["distribution"])
    for dimension in ("people", "process", "technology"):
        expected = [0] * 5
        for item in latest.values():
            expected[item["dimensions"][dimension]["level"]] += 1
        assert distribution[dimension] == expected


@pytest.mark.django_db
def test_organisation_trend_is_the_median_per_quarter(client_for, manager, organisation, history):
    trend = dashboard(client_for(manager), organisation).context["trend"]

    assert [q.label for q in trend] == ["2026 Q1", "2026 Q2"]
    q2 = [a.overall_score for a in history[1:]]
    assert trend[1].median == pytest.approx(sum(q2) / 2)
    assert (trend[1].minimum, trend[1].maximum) == (min(q2), max(q2))


@pytest.mark.django_db
def test_team_dashboard_numbers_equal_the_export(client_for, member, organisation, team, history):
    response = client_for(member).get(
        reverse("dashboards:team", args=[organisation.slug, team.slug])
    )
    exported = [i for i in results_export(organisation)["assessments"] if i["team"] == team.slug]

    assert response.context["latest"] == history[1]
    for area, (level, score), _target in response.context["area_rows"]:
        assert (level, round(score, 2)) == (
            exported[-1]["areas"][area.key]["reached"],
            exported[-1]["areas"][area.key]["score"],
        )
    assert [round(a.overall_score, 2) for a, _values in response.context["trend_rows"]] == [
        item["overall"]["score"] for item in exported
    ]
    assert response.context["steps"]  # the roadmap
    _name, latest_scores = response.context["radar"].datasets[0]
    assert [round(value, 2) for value in latest_scores] == [
        exported[-1]["areas"][key]["score"] for key in exported[-1]["areas"]
    ]


@pytest.mark.django_db
def test_team_dashboard_empty_states(client_for, member, organisation, team, model_in_use, manager):
    url = reverse("dashboards:team", args=[organisation.slug, team.slug])
    client = client_for(member)

    assert (
        "the dashboard appears once the first one is submitted" in client.get(url).content.decode()
    )
    submit(team, model_in_use, member, manager, "2026 Q1", date(2026, 3, 31), level=1)
    assert "The trend appears after the second" in client.get(url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member", "viewer"])
def test_members_and_viewers_get_their_teams_not_the_dashboard(
    client_for, request, organisation, history, role
):
    response = dashboard(client_for(request.getfixturevalue(role)), organisation)

    assert response.status_code == 200
    assert "heat_rows" not in response.context
    assert [t.slug for t in response.context["teams"]] != []


@pytest.mark.django_db
def test_filters_period_and_model(client_for, manager, organisation, team, history):
    client = client_for(manager)

    until_q1 = dashboard(client, organisation, end="2026-04-01").context
    row = next(r for r in until_q1["heat_rows"] if r["team"] == team)
    assert row["label"] == "2026 Q1"
    assert [q.label for q in until_q1["trend"]] == ["2026 Q1"]

    from_q2 = dashboard(client, organisation, start="2026-04-01").context
    assert [q.label for q in from_q2["trend"]] == ["2026 Q2"]

    bad = dashboard(client, organisation, start="yesterday", model="999", stale="-3")
    assert bad.status_code == 200
    assert "not understood" in bad.content.decode()


@pytest.mark.django_db
def test_stale_teams(client_for, manager, organisation, team, other_team, history):
    fresh = TeamFactory(organisation=organisation, name="Never assessed")
    stale = dashboard(client_for(manager), organisation, stale="3").context["stale"]

    assert [slug for slug, _name, _last in stale][0] == fresh.slug  # never assessed first
    assert {slug for slug, _n, _l in stale} >= {fresh.slug}


@pytest.mark.django_db
def test_sorting_and_pagination(client_for, manager, organisation, history):
    for n in range(55):
        TeamFactory(organisation=organisation, name=f"Z team {n:02d}")
    client = client_for(manager)

    first = dashboard(client, organisation, sort="-score").context
    assert [r["team"].slug for r in first["heat_rows"][:2]] == ["forecasting", "fraud-ml"]
    assert len(first["heat_rows"]) == 50
    assert len(dashboard(client, organisation, page=2).context["heat_rows"]) == 7


@pytest.mark.django_db
def test_targets_are_set_kept_and_shown_below_target(
    client_for, manager, organisation, team, history
):
    client = client_for(manager)
    targets_url = reverse("dashboards:targets", args=[organisation.slug, team.slug])

    client.post(targets_url, {"target-people": "3", "target-process": "", "target-technology": "2"})
    client.post(targets_url, {"target-people": "4", "target-process": "", "target-technology": "2"})

    assert list(
        Target.objects.filter(team=team, dimension_key="people").values_list("level", "current")
    ) == [(4, True), (3, False)]
    below = dashboard(client, organisation).context["below_target"]
    assert (team.slug, team.name, "people", 1, 4) in below
    assert all(row[2] != "technology" for row in below)  # level 2 meets target 2


@pytest.mark.django_db
def test_bad_targets_change_nothing(client_for, manager, member, organisation, team, history):
    url = reverse("dashboards:targets", args=[organisation.slug, team.slug])

    client_for(manager).post(url, {"target-people": "3", "target-galaxy": "2"})
    client_for(manager).post(url, {"target-people": "high"})
    assert client_for(member).post(url, {"target-people": "1"}).status_code == 403

    assert not Target.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("level", ["²", "١", "3²"])
def test_targets_in_digits_of_other_scripts_are_refused(
    client_for, manager, organisation, team, history, level
):
    """str.isdigit() says yes to "²", but int() refuses it: a message, not a server error."""
    url = reverse("dashboards:targets", args=[organisation.slug, team.slug])

    response = client_for(manager).post(url, {"target-people": level}, follow=True)

    assert response.status_code == 200
    assert "A target is a level of the model." in response.content.decode()
    assert not Target.objects.exists()


@pytest.mark.django_db
def test_compare_two_to_five_teams(client_for, manager, organisation, team, other_team, history):
    url = reverse("dashboards:compare", args=[organisation.slug])
    client = client_for(manager)

    response = client.get(url, {"teams": [team.slug, other_team.slug]})
    assert response.status_code == 200
    assert [t.slug for t, _values in response.context["rows"]] == ["forecasting", "fraud-ml"]
    assert len(response.context["chart"].datasets) == 2

    assert client.get(url, {"teams": [team.slug]}).status_code == 400
    six = [TeamFactory(organisation=organisation).slug for _ in range(6)]
    assert client.get(url, {"teams": six}).status_code == 400
    # PostgreSQL cannot compare a text with NUL: no such team, not a server error.
    assert client.get(url, {"teams": [team.slug, "fraud\x00"]}).status_code == 404


@pytest.mark.django_db
def test_comparing_another_organisations_team_is_refused(
    client_for, manager, organisation, team, other_organisation
):
    foreign = TeamFactory(organisation=other_organisation)

    response = client_for(manager).get(
        reverse("dashboards:compare", args=[organisation.slug]),
        {"teams": [team.slug, foreign.slug]},
    )

    assert response.status_code == 404


@pytest.mark.django_db
def test_members_cannot_compare(client_for, member, organisation, team, other_team):
    url = reverse("dashboards:compare", args=[organisation.slug])

    assert client_for(member).get(url, {"teams": [team.slug, other_team.slug]}).status_code == 403


@pytest.mark.django_db
def test_changes_between_two_assessments(client_for, member, organisation, team, history):
    url = reverse("dashboards:changes", args=[organisation.slug, team.slug])

    response = client_for(member).get(url, {"from": history[0].pk, "to": history[1].pk})

    rows = {area.key: change for area, _old, _new, change in response.context["area_rows"]}
    assert rows["people"] == pytest.approx(0.0)
    assert rows["technology"] == difference(
        history[1].area_scores.get(area_key="technology").score, 1.0
    )
    assert response.context["overall"][2] == difference(
        history[1].overall_score, history[0].overall_score
    )
    # Another team's assessment is no choice here.
    assert client_for(member).get(url, {"from": history[2].pk}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["organisation", "team", "compare"])
def test_dashboards_run_a_fixed_number_of_queries(
    client_for, manager, member, organisation, model_in_use, team, view, settings
):
    settings.DASHBOARD_CACHE_SECONDS = 0  # count the queries that compute every figure

    def build(count):
        # Each extra team: Q1 at level n % 5 and Q2 at (n + 1) % 5, answered by the manager.
        submitted_in_bulk(
            organisation,
            model_in_use,
            manager,
            count,
            [("2026 Q1", date(2026, 3, 31), 0), ("2026 Q2", date(2026, 6, 30), 1)],
        )

    client = client_for(manager)
    urls = {
        "organisation": lambda: reverse("organisation", args=[organisation.slug]),
        "team": lambda: reverse(
            "dashboards:team", args=[organisation.slug, organisation.teams.last().slug]
        ),
        "compare": lambda: (
            reverse("dashboards:compare", args=[organisation.slug])
            + "?"
            + "&".join(f"teams={t.slug}" for t in organisation.teams.exclude(pk=team.pk)[:3])
        ),
    }
    counts = []
    for teams in (5, 50):
        build(teams - organisation.teams.count())
        url = urls[view]()
        client.get(url)  # warm the in-process model outline
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        # Savepoints exist only because each test runs inside a transaction.
        counts.append(sum(not q["sql"].startswith(("SAVEPOINT", "RELEASE")) for q in captured))
    assert counts[0] == counts[1]
    if view == "organisation":
        assert counts[0] <= 16  # 15, and one for the reader's actions (plans)


@pytest.mark.django_db
def test_cached_figures_are_renewed_when_an_assessment_is_submitted(
    client_for,
    manager,
    member,
    organisation,
    team,
    model_in_use,
    history,
    django_capture_on_commit_callbacks,
):
    client = client_for(manager)
    assert [q.label for q in dashboard(client, organisation).context["trend"]] == [
        "2026 Q1",
        "2026 Q2",
    ]

    with django_capture_on_commit_callbacks(execute=True):
        submit(team, model_in_use, member, manager, "2026 Q3", date(2026, 9, 30), level=3)

    assert [q.label for q in dashboard(client, organisation).context["trend"]] == [
        "2026 Q1",
        "2026 Q2",
        "2026 Q3",
    ]


@pytest.mark.django_db
def test_reopening_takes_the_result_off_the_dashboards(
    client_for, manager, organisation, team, history
):
    services.assessment_reopen(assessment=history[1], by=manager, reason="Recount")

    row = next(
        r
        for r in dashboard(client_for(manager), organisation).context["heat_rows"]
        if r["team"] == team
    )
    assert row["label"] == "2026 Q1"  # the earlier one is the latest submitted again


@pytest.mark.django_db
def test_a_renamed_team_is_renamed_in_the_cached_figures(
    client_for, manager, organisation, team, history, settings
):
    """'Teams below target' is cached: a rename clears it, as a submit does."""
    settings.DASHBOARD_CACHE_SECONDS = 300
    services.target_set(team=team, dimension_key="people", level=4, by=manager)
    client = client_for(manager)
    assert team.name in {row[1] for row in dashboard(client, organisation).context["below_target"]}

    team.name = "Renamed Team"
    team.save()

    assert "Renamed Team" in {
        row[1] for row in dashboard(client, organisation).context["below_target"]
    }


@pytest.mark.django_db
def test_the_write_side_tells_of_changes_by_a_signal(
    manager, team, model_in_use, history, django_capture_on_commit_callbacks
):
    from assessments.signals import results_changed

    told = []

    def listener(sender, organisation, **kwargs):
        told.append(organisation)

    results_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.assessment_reopen(assessment=history[1], by=manager, reason="Recount")
        with django_capture_on_commit_callbacks(execute=True):
            services.target_set(team=team, dimension_key="people", level=3, by=manager)
    finally:
        results_changed.disconnect(listener)

    assert told == [team.organisation, team.organisation]
