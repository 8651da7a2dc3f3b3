"""GET assessments/, assessments/<id>/, teams/<id>/scores/ and scores/: scoped as the pages,
the results as the JSON export gives them, no query per row, anonymous ones without names."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from assessments import services, stored
from assessments.models import Answer, Assessment
from maturity.models import Area
from reports.exports import results_export
from tests.answers import answer_everything
from tests.factories import TeamFactory
from tests.plans.gap_helpers import teams_in_bulk

BASE = "/api/v1/organisations/acme/"


def submit(assessment, respondent, by, **levels):
    answer_everything(assessment, respondent, **levels)
    services.assessment_submit(assessment=assessment, by=by)
    assessment.refresh_from_db()
    return assessment


def many_submitted(team, model, person, count):
    """`count` submitted assessments of one team, a week apart, inserted in bulk."""
    assessments = Assessment.objects.bulk_create(
        Assessment(
            team=team,
            model=model,
            label=f"Week {n:02}",
            date=date(2026, 1, 1) + timedelta(weeks=n),
            state=Assessment.State.SUBMITTED,
            started_by=person,
            submitted_at=timezone.now(),
        )
        for n in range(count)
    )
    areas = list(Area.objects.filter(model=model))
    Answer.objects.bulk_create(
        Answer(assessment=a, respondent=person, area=area, level=n % 5)
        for n, a in enumerate(assessments)
        for area in areas
    )
    stored.results_store(assessments)
    return assessments


def test_the_list_is_newest_first_and_reads_no_query_per_row(
    reader, team, model_in_use, member, django_assert_max_num_queries
):
    many_submitted(team, model_in_use, member, 20)

    with django_assert_max_num_queries(8):
        response = reader.get(BASE + f"assessments/?team={team.pk}")

    rows = response.json()["results"]
    assert response.json()["count"] == 20 and len(rows) == 20
    assert [row["label"] for row in rows[:2]] == ["Week 19", "Week 18"]
    assert rows[0]["respondents"] == 1 and rows[0]["team"] == "fraud-ml"
    assert rows[0]["overall"] == {"score": 4.0, "level": 4}


def test_the_list_filters_by_state_and_model(reader, assessment, member, manager, team):
    submit(assessment, member, manager)
    reopened = services.assessment_start(
        team=team, model=assessment.model, label="2027 Q1", date=date(2026, 12, 1), by=manager
    )

    def labels(query):
        return [row["label"] for row in reader.get(BASE + "assessments/" + query).json()["results"]]

    assert labels("") == ["2027 Q1", "2026 Q4"]
    assert labels("?state=open") == ["2027 Q1"]
    assert labels("?state=submitted") == ["2026 Q4"]
    assert labels(f"?model={assessment.model_id}&state=open") == [reopened.label]
    assert reader.get(BASE + "assessments/?state=closed").status_code == 400
    assert reader.get(BASE + "assessments/?team=x").status_code == 400
    assert reader.get(BASE + "assessments/?team=999999").status_code == 404
    assert reader.get(BASE + "assessments/?model=999999").status_code == 404


def test_a_viewer_of_another_team_sees_none_of_this_teams_assessments(
    client_for, assessment, organisation, other_team
):
    from tests.factories import MembershipFactory, UserFactory

    viewer = UserFactory()
    MembershipFactory(user=viewer, organisation=organisation, role="viewer", teams=[other_team])
    client = client_for(viewer)

    assert client.get(BASE + "assessments/").json()["results"] == []
    assert client.get(BASE + f"assessments/{assessment.pk}/").status_code == 404
    assert client.get(BASE + f"assessments/?team={assessment.team_id}").status_code == 404


def test_the_detail_gives_the_results_as_the_export_does(
    reader, assessment, member, manager, organisation
):
    submit(assessment, member, manager, people=3, technology=1)

    body = reader.get(BASE + f"assessments/{assessment.pk}/").json()

    exported = results_export(organisation)["assessments"][0]
    for key in ("areas", "dimensions", "overall", "respondents", "label", "state", "version"):
        assert body[key] == exported[key], key
    assert body["areas"]["people"]["reached"] == 3
    assert body["responses"]["people"][3] == {"level": 3, "respondents": 1}


def test_an_anonymous_assessment_gives_counts_and_no_names(
    reader, assessment, member, second_member, manager
):
    Assessment.objects.filter(pk=assessment.pk).update(anonymous=True)
    services.answer_record(
        assessment=assessment,
        respondent=member,
        area_key="people",
        level=2,
        comment="Bob says so",
    )
    services.answer_record(
        assessment=assessment, respondent=second_member, area_key="people", level=3
    )

    response = reader.get(BASE + f"assessments/{assessment.pk}/")

    body = response.json()
    assert body["respondents"] == 2
    assert [c["respondents"] for c in body["responses"]["people"]] == [0, 0, 1, 1, 0]
    text = response.content.decode()
    for secret in ("bob@acme.example", "dora@acme.example", "Dora", "Bob says so"):
        assert secret not in text
    assert "email" not in text and "respondent_id" not in text


def test_a_teams_scores_over_time_are_oldest_first(
    reader, team, model_in_use, member, django_assert_max_num_queries
):
    many_submitted(team, model_in_use, member, 3)

    with django_assert_max_num_queries(8):
        rows = reader.get(BASE + f"teams/{team.pk}/scores/").json()["results"]

    assert [row["label"] for row in rows] == ["Week 00", "Week 01", "Week 02"]
    assert rows[1]["overall"]["level"] == 1
    assert rows[1]["dimensions"]["people"] == {"score": 1.0, "level": 1}
    assert rows[2]["areas"]["people"]["level"] == 2


def test_scores_of_a_foreign_team_are_a_404(reader, other_organisation):
    foreign = TeamFactory(organisation=other_organisation)

    assert reader.get(BASE + f"teams/{foreign.pk}/scores/").status_code == 404


def count_queries(reader, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = reader.get(url)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


def test_the_organisations_latest_scores_read_the_same_queries_for_5_and_30_teams(
    reader, organisation, model_in_use, member
):
    teams_in_bulk(organisation, model_in_use, member, 5, prefix="A")
    reader.get(BASE)  # the token's first use of the minute is recorded: not counted below
    few, body = count_queries(reader, BASE + "scores/?page_size=200")
    assert body["count"] == 6  # and Fraud ML, the member's team
    teams_in_bulk(organisation, model_in_use, member, 25, prefix="B")
    many, body = count_queries(reader, BASE + "scores/?page_size=200")

    assert body["count"] == 31
    assert few == many <= 8
    row = body["results"][0]
    assert row["team"]["name"] == "A 000"
    assert row["latest"]["overall"]["level"] == 1
    assert set(row["latest"]["dimensions"]) == {"people", "process", "technology"}


def test_the_latest_scores_list_teams_without_a_result_and_filter_by_model(
    reader, organisation, team, model_in_use, member, manager, assessment
):
    submit(assessment, member, manager)
    TeamFactory(organisation=organisation, name="Archived", archived=True)

    rows = reader.get(BASE + f"scores/?model={model_in_use.pk}").json()["results"]
    empty = TeamFactory(organisation=organisation, name="Zeta")
    later = reader.get(BASE + "scores/").json()["results"]

    assert [row["team"]["name"] for row in rows] == ["Fraud ML"]
    assert rows[0]["latest"]["assessment"] == assessment.pk
    assert [(row["team"]["id"], row["latest"]) for row in later][-1] == (empty.pk, None)
    assert reader.get(BASE + "scores/?model=999999").status_code == 404


@pytest.mark.parametrize("query", ["?page_size=201", "?page=x", "?model=-1", "?model=1e3"])
def test_odd_queries_are_no_server_error(reader, query):
    assert reader.get(BASE + "scores/" + query).status_code < 500


# PUT/GET assessments/<id>/answers/<area>/


def answer_url(assessment, area="model-creation"):
    return BASE + f"assessments/{assessment.pk}/answers/{area}/"


def test_a_writing_token_records_an_answer_as_its_account(writer, assessment):
    body = {
        "level": 1,
        "ticked": ["model-creation.2.2", "model-creation.0.1"],
        "comment": "From our survey tool",
        "evidence": ["https://wiki.example/ml"],
    }

    response = writer.put(answer_url(assessment), body, format="json")

    assert response.status_code == 200, response.content
    answer = Answer.objects.get(assessment=assessment)
    assert answer.respondent.name == "API: write token"
    assert answer.level == 1 and answer.ticked == ["model-creation.2.2"]  # the checklist only
    assert answer.evidence == ["https://wiki.example/ml"]
    assert response.json()["revision"] == 1
    assert writer.get(answer_url(assessment)).json()["comment"] == "From our survey tool"
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.IN_PROGRESS


def test_no_answer_yet_reads_as_none(reader, assessment):
    body = reader.get(answer_url(assessment)).json()

    assert body["level"] is None and body["revision"] == 0


def test_a_member_answers_through_the_session_and_reads_only_their_own(
    client_for, assessment, member, second_member
):
    services.answer_record(
        assessment=assessment, respondent=second_member, area_key="people", level=4
    )
    client = client_for(member)

    assert client.get(answer_url(assessment, "people")).json()["level"] is None
    response = client.put(
        answer_url(assessment, "people"), {"level": 2}, content_type="application/json"
    )
    assert response.status_code == 200
    assert Answer.objects.get(assessment=assessment, respondent=member).level == 2


def test_a_viewer_may_not_answer(client_for, assessment, viewer):
    response = client_for(viewer).put(
        answer_url(assessment), {"level": 2}, content_type="application/json"
    )

    assert response.status_code == 403
    assert not Answer.objects.exists()


def test_a_submitted_assessment_refuses_answers_with_a_409(writer, assessment, member, manager):
    submit(assessment, member, manager)

    response = writer.put(answer_url(assessment), {"level": 0}, format="json")

    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert "locked" in response.json()["detail"]


def test_a_stale_revision_is_a_409(writer, assessment):
    writer.put(answer_url(assessment), {"level": 1}, format="json")
    writer.put(answer_url(assessment), {"level": 2, "revision": 1}, format="json")

    response = writer.put(answer_url(assessment), {"level": 3, "revision": 1}, format="json")

    assert response.status_code == 409
    assert Answer.objects.get().level == 2


@pytest.mark.parametrize(
    "body",
    [
        {"level": 7},
        {"level": -1},
        {"level": "two"},
        {"level": True},
        {},
        {"level": 1, "ticked": ["no-such.key"]},
        {"level": 1, "ticked": "model-creation.2.2"},
        {"level": 1, "evidence": ["javascript:alert(1)"]},
        {"level": 1, "comment": "a\x00b"},
        {"level": 1, "comment": "x" * 10_001},
        [1, 2],
    ],
)
def test_bad_answers_are_400_and_change_nothing(writer, assessment, body):
    response = writer.put(answer_url(assessment), body, format="json")

    assert response.status_code == 400, response.content
    assert response.json()["status"] == 400
    assert not Answer.objects.exists()


def test_an_area_the_model_lacks_is_a_404(writer, assessment):
    for method in ("get", "put"):
        response = getattr(writer, method)(answer_url(assessment, "nope"), {"level": 1})
        assert response.status_code == 404


def test_another_organisations_assessment_is_a_404(writer, other_organisation, mlops, outsider):
    foreign_team = TeamFactory(organisation=other_organisation)
    other_organisation.models_in_use.add(mlops)
    foreign = services.assessment_start(
        team=foreign_team, model=mlops, label="X", date=date(2026, 11, 1), by=outsider
    )

    assert writer.put(answer_url(foreign), {"level": 1}, format="json").status_code == 404
    assert writer.get(BASE + f"assessments/{foreign.pk}/").status_code == 404
    assert not Answer.objects.exists()
