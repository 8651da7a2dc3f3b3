"""The answering page with answers carried forward: last time's answer preselected and
marked, nothing saved on opening, confirmed in one click as this assessment's answer or
changed as usual, counted for nothing before; a flat number of queries."""

import pytest
from django.urls import reverse

from assessments import selectors, services
from assessments.carry import OWN
from assessments.models import Answer, Assessment
from tests.answers import MODEL_CREATION_1_TO_2, answer_everything
from tests.assessments import test_carry_forward as carrying
from tests.assessments.test_carry_forward import LINK, carried_for, started, submitted
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

last_quarter = carrying.last_quarter  # the fixture: 2026 Q3, submitted


def area_url(assessment, area):
    return reverse("assessments:answer_area", args=["acme", "fraud-ml", assessment.pk, area])


@pytest.fixture
def new(team, model_in_use, manager, last_quarter):
    return started(team, model_in_use, manager)


def test_the_page_shows_last_times_answer_preselected_and_marked_and_saves_nothing(
    client_for, new, member
):
    response = client_for(member).get(area_url(new, "model-creation"), HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["carried"].kind == OWN
    assert "From 2026 Q3 — still true?" in page
    assert "Your answer from 2026 Q3 is preselected below." in page
    assert 'name="confirm"' in page and "Still true — confirm" in page
    assert 'value="1" id="level-1" checked' in page
    for key in MODEL_CREATION_1_TO_2[:2]:
        assert f'id="tick-{key}" checked' in page
    assert f'id="tick-{MODEL_CREATION_1_TO_2[2]}">' in page  # not ticked last time
    assert f">{LINK}</textarea>" in page
    assert "5 areas still show the answers from 2026 Q3" in page
    assert Answer.objects.filter(assessment=new).count() == 0
    new.refresh_from_db()
    assert new.state == Assessment.State.DRAFT


def test_the_agreed_answer_is_named_as_the_teams(
    client_for, team, model_in_use, manager, second_member, last_quarter
):
    services.assessment_reopen(assessment=last_quarter, by=manager, reason="agree")
    services.agreed_record(assessment=last_quarter, area_key="people", level=3, by=manager)
    services.assessment_submit(assessment=last_quarter, by=manager)
    new = started(team, model_in_use, manager)

    page = client_for(second_member).get(area_url(new, "people"), HTTP_ACCEPT_LANGUAGE="en")

    assert "The team's agreed answer from 2026 Q3 is preselected below." in page.content.decode()


def test_carried_values_count_for_nothing_until_saved(client_for, new, member, manager):
    client_for(member).get(area_url(new, "people"))
    display = selectors.ModelDisplay.of(new.model)

    assert selectors.answering_progress(new, member, display) == ({}, set())
    assert not selectors.result(new).complete
    assert selectors.result(new).areas == {}
    check = selectors.before_submit(new, display)
    assert (member, 0) in check.unfinished
    with pytest.raises(services.AssessmentError):
        services.assessment_submit(assessment=new, by=manager)


def test_confirm_saves_exactly_the_carried_values_and_goes_on_to_the_next_area(
    client_for, new, member
):
    client = client_for(member)
    carried = carried_for(new, member)["model-creation"]

    response = client.post(
        area_url(new, "model-creation"),
        {
            "level": carried.level,
            "ticked": sorted(carried.ticked),
            "comment": "",
            "evidence": "\n".join(carried.evidence),
            "revision": 0,
            "confirm": "",
        },
    )

    assert response.status_code == 302
    assert response.url == area_url(new, "model-release")
    answer = Answer.objects.get(assessment=new, respondent=member)
    assert (answer.area.key, answer.level, set(answer.ticked), answer.evidence) == (
        "model-creation",
        1,
        set(MODEL_CREATION_1_TO_2[:2]),
        [LINK],
    )
    assert answer.revision == 1 and answer.comment == ""
    assert "model-creation" not in carried_for(new, member)
    page = client.get(area_url(new, "model-creation")).content.decode()
    assert 'name="confirm"' not in page


def test_confirm_goes_on_to_the_next_area_still_to_answer(client_for, new, member):
    client = client_for(member)
    services.answer_record(assessment=new, respondent=member, area_key="model-release", level=4)

    response = client.post(
        area_url(new, "model-creation"), {"level": 1, "revision": 0, "confirm": ""}
    )

    assert response.url == area_url(new, "application-integration")


def test_a_change_is_saved_as_usual_and_ends_the_marker(client_for, new, member):
    client = client_for(member)

    response = client.post(
        area_url(new, "model-creation"),
        {"level": 4, "comment": "More now", "evidence": "", "revision": 0},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    fragment = response.content.decode()
    assert '<div id="carried" hx-swap-oob="true">' in fragment
    assert "still true?" not in fragment
    assert "4 areas still show the answers from 2026 Q3" in fragment
    answer = Answer.objects.get(assessment=new, respondent=member)
    assert (answer.level, answer.comment, answer.evidence, answer.revision) == (
        4,
        "More now",
        [],
        1,
    )


def test_the_area_navigation_marks_the_areas_waiting_for_confirmation(client_for, new, member):
    services.answer_record(assessment=new, respondent=member, area_key="people", level=4)

    response = client_for(member).get(area_url(new, "technology"))

    steps = {area.key: (done, waiting) for area, done, waiting in response.context["areas"]}
    assert steps["people"] == (True, False)
    assert steps["technology"] == (False, True)
    assert response.context["waiting_count"] == 4


def test_a_team_member_without_a_carried_answer_sees_no_marker(client_for, organisation, team, new):
    newcomer = UserFactory()
    MembershipFactory(user=newcomer, organisation=organisation, role="member", teams=[team])

    # Two answered model creation last time, nobody agreed: nothing to carry there.
    response = client_for(newcomer).get(area_url(new, "model-creation"))

    assert response.context["carried"] is None
    assert 'name="confirm"' not in response.content.decode()


def test_the_answering_page_query_count_stays_flat(
    client_for, organisation, team, model_in_use, manager, member, django_assert_max_num_queries
):
    def respondents(count):
        people = [UserFactory() for _ in range(count)]
        for person in people:
            MembershipFactory(user=person, organisation=organisation, role="member", teams=[team])
        return people

    keys = list(model_in_use.areas.values_list("key", flat=True))
    source = submitted(
        team, model_in_use, manager, answers=[(member, key, 2, [], [LINK]) for key in keys]
    )
    answered = respondents(2)
    new = started(team, model_in_use, manager)
    client = client_for(member)
    client.get(area_url(new, "people"))  # the session's once-a-minute refresh
    with django_assert_max_num_queries(40) as few:
        client.get(area_url(new, "people"))
    # The page's nine, what is carried, and the team's actions for the area (plans_tags).
    assert len(few.captured_queries) <= 11

    # Many more answers last time and now: the same number of queries.
    areas = list(model_in_use.areas.all())
    for person in [*answered, *respondents(8)]:
        answer_everything(new, person, level=1)
        Answer.objects.bulk_create(
            Answer(assessment=source, respondent=person, area=area, level=3) for area in areas
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(area_url(new, "people"))
    assert response.context["carried"] is not None


def test_an_autosave_of_a_carried_area_runs_a_fixed_number_of_queries(
    client_for, new, member, django_assert_max_num_queries
):
    client = client_for(member)
    client.get(area_url(new, "people"))

    # An autosave's queries (see tests/assessments/test_views.py), the first answer's insert
    # and the assessment's state, and one for what is still carried (the area navigation).
    with django_assert_max_num_queries(16):
        response = client.post(
            area_url(new, "people"),
            {"level": 2, "revision": 0},
            HTTP_HX_REQUEST="true",
        )

    assert response.status_code == 200
