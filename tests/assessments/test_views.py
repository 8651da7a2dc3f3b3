from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import scoring, selectors, services
from assessments.models import AgreedAnswer, Answer, Assessment
from tests.answers import answer_everything
from tests.factories import MembershipFactory, UserFactory


def url(name, assessment, *extra):
    team = assessment.team
    return reverse(
        f"assessments:{name}", args=[team.organisation.slug, team.slug, assessment.pk, *extra]
    )


def post_answer(client, assessment, area="people", htmx=False, **data):
    payload = {"level": 2, "comment": "", "evidence": ""}
    payload.update(data)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(url("answer_area", assessment, area), payload, **headers)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"), [("admin", True), ("manager", True), ("member", True), ("viewer", False)]
)
def test_who_may_start_an_assessment(client_for, request, team, model_in_use, role, allowed):
    client = client_for(request.getfixturevalue(role))
    start = reverse("assessments:start", args=[team.organisation.slug, team.slug])

    response = client.post(
        start, {"label": "2026 Q4", "date": "2026-11-20", "model": model_in_use.pk}
    )

    assert (response.status_code == 302) == allowed
    assert Assessment.objects.exists() == allowed
    if not allowed:
        assert response.status_code == 403


@pytest.mark.django_db
def test_start_form_refuses_bad_input(client_for, manager, team, model_in_use):
    start = reverse("assessments:start", args=[team.organisation.slug, team.slug])

    response = client_for(manager).post(start, {"label": "", "date": "not a date", "model": 999})

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"label", "date", "model"}
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_team_page_lists_assessments_with_scores(client_for, assessment, member, manager):
    answer_everything(assessment, member, level=2)
    services.assessment_submit(assessment=assessment, by=manager)

    response = client_for(member).get(reverse("dashboards:team", args=["acme", "fraud-ml"]))

    (listed,) = response.context["page"].object_list
    assert listed == assessment
    assert listed.overall_level == 2


@pytest.mark.django_db
def test_answer_continues_where_one_left_off(client_for, assessment, member):
    services.answer_record(assessment=assessment, respondent=member, area_key="people", level=1)

    response = client_for(member).get(url("answer", assessment))

    assert response["Location"] == url("answer_area", assessment, "model-creation")


@pytest.mark.django_db
def test_plain_form_post_saves_and_continues(client_for, assessment, member):
    response = post_answer(
        client_for(member),
        assessment,
        level=1,
        ticked=["people.2.1"],
        comment="ok",
        evidence="https://wiki.example.com/team\nhttps://ci.example.com",
        **{"continue": "1"},
    )

    assert response["Location"] == url("answer_area", assessment, "model-creation")
    answer = Answer.objects.get()
    assert (answer.level, answer.ticked, answer.comment) == (1, ["people.2.1"], "ok")
    assert answer.evidence == ["https://wiki.example.com/team", "https://ci.example.com"]


@pytest.mark.django_db
def test_htmx_save_answers_with_status_and_new_checklist(client_for, assessment, member):
    client = client_for(member)

    first = post_answer(client, assessment, htmx=True, level=1, revision=0)
    again = post_answer(client, assessment, htmx=True, level=1, revision=1, ticked=["people.2.1"])

    assert first.status_code == again.status_code == 200
    assert 'id="save-status"' in first.content.decode()
    assert 'id="checklist" hx-swap-oob="true"' in first.content.decode()  # level changed
    assert 'id="checklist"' not in again.content.decode()  # same level: focus stays put
    assert Answer.objects.get().ticked == ["people.2.1"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"level": 7},
        {"level": "high"},
        {"level": 1, "ticked": ["people.9.9"]},
        {"level": 1, "evidence": "file:///etc/passwd"},
    ],
)
def test_invalid_save_is_refused_with_400_and_changes_nothing(client_for, assessment, member, data):
    client = client_for(member)
    post_answer(client, assessment, level=1, comment="before")

    response = post_answer(client, assessment, htmx=True, **data)

    assert response.status_code == 400
    assert "text-danger" in response.content.decode()
    answer = Answer.objects.get()
    assert (answer.level, answer.comment) == (1, "before")


@pytest.mark.django_db
def test_save_to_a_submitted_assessment_is_refused_with_a_message(
    client_for, assessment, member, manager
):
    answer_everything(assessment, member)
    services.assessment_submit(assessment=assessment, by=manager)
    client = client_for(member)

    response = post_answer(client, assessment, htmx=True, level=4)
    plain = post_answer(client, assessment, level=4)

    assert response.status_code == plain.status_code == 409
    assert "locked" in response.content.decode()
    assert Answer.objects.get(area__key="people").level == 2


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "status"), [("viewer", 403), ("outsider", 404)])
def test_viewers_and_outsiders_cannot_answer(client_for, request, assessment, role, status):
    client = client_for(request.getfixturevalue(role))

    assert client.get(url("answer_area", assessment, "people")).status_code == status
    assert post_answer(client, assessment).status_code == status
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_member_of_another_team_gets_404(client_for, organisation, assessment):
    from tests.factories import TeamFactory

    stranger = UserFactory()
    MembershipFactory(
        user=stranger,
        organisation=organisation,
        role="member",
        teams=[TeamFactory(organisation=organisation)],
    )
    client = client_for(stranger)

    assert client.get(url("detail", assessment)).status_code == 404
    assert post_answer(client, assessment).status_code == 404


@pytest.mark.django_db
def test_viewer_reads_results(client_for, assessment, viewer, member):
    answer_everything(assessment, member)

    response = client_for(viewer).get(url("detail", assessment))

    assert response.status_code == 200
    assert not response.context["can_answer"]
    assert not response.context["can_facilitate"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"), [("member", 403), ("viewer", 403), ("manager", 200), ("admin", 200)]
)
def test_who_may_facilitate(client_for, request, assessment, role, status):
    client = client_for(request.getfixturevalue(role))

    assert client.get(url("facilitate", assessment)).status_code == status
    response = client.post(url("agree", assessment, "people"), {"level": 1})
    assert response.status_code == (302 if status == 200 else 403)
    assert AgreedAnswer.objects.exists() == (status == 200)


@pytest.mark.django_db
@pytest.mark.parametrize("facilitator", ["²", "0" * 5_000, str(2**64), "1.0"])
def test_a_facilitator_id_that_is_no_number_is_no_such_person(
    client_for, assessment, manager, facilitator
):
    """str.isdigit() says yes to "²" and to 5,000 digits, which int() refuses: a 404."""
    response = client_for(manager).post(
        url("facilitator", assessment), {"facilitator": facilitator}
    )

    assert response.status_code == 404
    assessment.refresh_from_db()
    assert assessment.facilitator is None


@pytest.mark.django_db
def test_named_member_facilitates_and_submits(
    client_for, assessment, member, second_member, manager
):
    client_for(manager).post(url("facilitator", assessment), {"facilitator": second_member.pk})
    answer_everything(assessment, member)
    client = client_for(second_member)

    assert client.get(url("facilitate", assessment)).status_code == 200
    client.post(url("submit", assessment))

    assessment.refresh_from_db()
    assert assessment.state == "submitted"
    assert assessment.submitted_by == second_member


@pytest.mark.django_db
def test_facilitator_sees_the_disagreement_and_agrees(
    client_for, assessment, member, second_member, manager
):
    answer_everything(assessment, member, level=1)
    answer_everything(assessment, second_member, level=1, people=3)
    client = client_for(manager)

    page = client.get(url("facilitate", assessment))
    people = next(row for row in page.context["rows"] if row["area"].key == "people")
    assert people["result"].disagreement
    assert "table-warning" in page.content.decode()

    checklist = client.get(url("agree", assessment, "people") + "?level=2", HTTP_HX_REQUEST="true")
    assert "people.3.2" in checklist.content.decode()
    client.post(
        url("agree", assessment, "people"), {"level": 2, "ticked": ["people.3.2"], "note": "We met"}
    )
    client.post(url("submit", assessment))

    assessment.refresh_from_db()
    assert assessment.state == "submitted"
    result = client.get(url("detail", assessment)).context["result"]
    assert (result.areas["people"].level, result.areas["people"].source) == (2, "agreed")


@pytest.mark.django_db
def test_submit_is_refused_until_complete_and_members_cannot_submit(
    client_for, assessment, member, manager
):
    services.answer_record(assessment=assessment, respondent=member, area_key="people", level=1)

    assert client_for(member).post(url("submit", assessment)).status_code == 403
    response = client_for(manager).post(url("submit", assessment), follow=True)

    assert "Every area needs a result" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.state == "in_progress"


@pytest.mark.django_db
def test_manager_reopens_with_a_reason_shown_on_the_assessment(
    client_for, assessment, member, manager
):
    answer_everything(assessment, member)
    services.assessment_submit(assessment=assessment, by=manager)
    client = client_for(manager)

    assert client.post(url("reopen", assessment), {"reason": ""}).status_code == 400
    client.post(url("reopen", assessment), {"reason": "New evidence arrived"})

    page = client.get(url("detail", assessment)).content.decode()
    assert "New evidence arrived" in page
    assert client_for(member).post(url("reopen", assessment), {"reason": "x"}).status_code == 403


@pytest.mark.django_db
def test_results_page_shows_scores_roadmap_and_change(
    client_for, team, member, manager, model_in_use
):
    earlier = services.assessment_start(
        team=team, model=model_in_use, label="2026 Q3", date=date(2026, 8, 1), by=manager
    )
    answer_everything(earlier, member, level=1)
    services.assessment_submit(assessment=earlier, by=manager)
    assessment = services.assessment_start(
        team=team, model=model_in_use, label="2026 Q4", date=date(2026, 11, 20), by=manager
    )
    answer_everything(assessment, member, level=2)
    services.answer_record(
        assessment=assessment,
        respondent=member,
        area_key="technology",
        level=2,
        ticked=["technology.3.1"],
    )
    services.assessment_submit(assessment=assessment, by=manager)

    response = client_for(member).get(url("detail", assessment), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()

    result = response.context["result"]
    assert result.areas["technology"].score == pytest.approx(2.5)
    assert response.context["previous"] == earlier
    # Earlier, at level 1 everywhere: Application integration reached 2 (level 2 adds nothing
    # new), so process scored 4/3 and overall 10/9, shown 1.1.
    assert response.context["overall_delta"] == scoring.shown(result.overall.score) - Decimal("1.1")
    assert "Automated Training" in page  # the level's name
    roadmap_texts = [c.text for step in response.context["steps"] for c in step["deliverables"]]
    assert "Automated tests for all code" in roadmap_texts  # technology 2 → 3, not ticked
    assert "Integrated A/B testing of model performance for deployment" not in roadmap_texts


def many_respondents(organisation, team, assessment, count):
    for n in range(count):
        person = UserFactory()
        MembershipFactory(user=person, organisation=organisation, role="member", teams=[team])
        answer_everything(assessment, person, level=n % 5)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["detail", "facilitate"])
def test_result_pages_query_count_does_not_grow_with_respondents(
    client_for, organisation, team, assessment, manager, django_assert_max_num_queries, name
):
    many_respondents(organisation, team, assessment, 2)
    client = client_for(manager)
    with django_assert_max_num_queries(40) as few:
        client.get(url(name, assessment))
    many_respondents(organisation, team, assessment, 10)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url(name, assessment))


@pytest.mark.django_db
def test_an_autosave_runs_a_fixed_small_number_of_queries(
    client_for, organisation, team, assessment, member, django_assert_max_num_queries
):
    # Every autosave (bench/load.py: 50 people at once) pays these: the session and the user,
    # the organisation with its membership, the team, the assessment, the team ids of the
    # role check, then in a transaction (two more) the locked assessment, the answer and
    # its update, and the team's progress. The model's texts are in memory and the session
    # was saved a moment ago; with both read and written each time, it was 27.
    client = client_for(member)
    post_answer(client, assessment, htmx=True)
    many_respondents(organisation, team, assessment, 10)

    with django_assert_max_num_queries(12):
        response = post_answer(client, assessment, htmx=True, level=3, revision=1)

    assert response.status_code == 200
    saved = Answer.objects.get(assessment=assessment, respondent=member, area__key="people")
    assert saved.level == 3


@pytest.mark.django_db
@pytest.mark.parametrize("fixture", ["mlops", "mini_model"])
def test_the_answering_page_scores_with_the_structures_area_models_reads(request, fixture):
    model = request.getfixturevalue(fixture)

    from_display = selectors.ModelDisplay(model).area_models()

    assert from_display == selectors.area_models([model.pk])[model.pk]


@pytest.mark.django_db
def test_answering_page_query_count_does_not_grow_with_respondents(
    client_for, organisation, team, assessment, member, django_assert_max_num_queries
):
    many_respondents(organisation, team, assessment, 2)
    client = client_for(member)
    with django_assert_max_num_queries(40) as few:
        client.get(url("answer_area", assessment, "people"))
    many_respondents(organisation, team, assessment, 10)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("answer_area", assessment, "people"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "area"), [("answer_area", "people"), ("detail", None), ("facilitate", None)]
)
def test_page_query_count_does_not_grow_with_characteristics(
    client_for, organisation, team, member, manager, mini_model, model_in_use, name, area
):
    """The small model has 9 characteristics, the MLOps model 82: the same number of queries."""
    organisation.models_in_use.add(mini_model)
    counts = []
    for model, area_key in ((mini_model, "delivery"), (model_in_use, "people")):
        assessment = services.assessment_start(
            team=team, model=model, label=model.slug, date=date(2026, 1, 1), by=manager
        )
        services.answer_record(assessment=assessment, respondent=member, area_key=area_key, level=1)
        client = client_for(manager)
        args = (area_key,) if area else ()
        client.get(url(name, assessment, *args))  # the session's once-a-minute refresh
        # What the process keeps of a version is read again, as after a restart.
        selectors._displays.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(name, assessment, *args)).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
