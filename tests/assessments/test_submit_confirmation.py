"""Submit asks once: GET shows what is unresolved (disagreements nobody agreed, people who
have not answered every area), POST submits. The listing costs the same queries however
many respondents and areas there are."""

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Assessment
from tests.answers import answer_everything
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(name, assessment):
    return reverse(f"assessments:{name}", args=["acme", "fraud-ml", assessment.pk])


def test_submit_asks_first_listing_disagreements_and_unfinished_respondents(
    client_for, assessment, member, second_member, manager
):
    answer_everything(assessment, member, level=1)
    services.answer_record(
        assessment=assessment, respondent=second_member, area_key="people", level=3
    )

    response = client_for(manager).get(url("submit", assessment), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    check = response.context["check"]
    assert [area.key for area in check.disagreements] == ["people"]
    assert [(person.email, n) for person, n in check.unfinished] == [("dora@acme.example", 1)]
    page = response.content.decode()
    assert "Disagreements without an agreed answer" in page
    assert "Dora: 1 of 5 areas" in page
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.IN_PROGRESS  # asking changed nothing


def test_an_agreed_answer_resolves_the_disagreement(
    client_for, assessment, member, second_member, manager
):
    answer_everything(assessment, member, level=1)
    answer_everything(assessment, second_member, level=1, people=3)
    services.agreed_record(assessment=assessment, area_key="people", level=2, by=manager)

    check = client_for(manager).get(url("submit", assessment)).context["check"]

    assert check.disagreements == [] and check.unfinished == []


def test_a_team_member_who_answered_nothing_is_listed(client_for, assessment, member, manager):
    answer_everything(assessment, manager)

    check = client_for(manager).get(url("submit", assessment)).context["check"]

    # The manager answered everything; the team's member nothing.
    assert [(person.email, n) for person, n in check.unfinished] == [("bob@acme.example", 0)]


def test_the_post_submits(client_for, assessment, member, manager):
    answer_everything(assessment, member)

    response = client_for(manager).post(url("submit", assessment))

    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.is_submitted


def test_the_results_page_links_to_the_question_instead_of_submitting(
    client_for, assessment, member, manager
):
    answer_everything(assessment, member)

    page = client_for(manager).get(url("detail", assessment), HTTP_ACCEPT_LANGUAGE="en")

    assert f'href="{url("submit", assessment)}"' in page.content.decode()
    assert f'action="{url("submit", assessment)}"' not in page.content.decode()


def test_asking_is_scoped_and_needs_the_submit_permission(client_for, assessment, member, outsider):
    assert client_for(member).get(url("submit", assessment)).status_code == 403
    assert client_for(outsider).get(url("submit", assessment)).status_code == 404


@pytest.mark.parametrize("people", [2, 8])
def test_the_question_costs_the_same_queries_for_more_respondents(
    client_for, organisation, team, assessment, manager, people, django_assert_max_num_queries
):
    for n in range(people):
        person = UserFactory(email=f"r{n}@acme.example")
        MembershipFactory(user=person, organisation=organisation, role="member", teams=[team])
        services.answer_record(
            assessment=assessment, respondent=person, area_key="people", level=n % 5
        )
    client = client_for(manager)
    client.get(url("submit", assessment))  # the session and the model's display are warm

    with django_assert_max_num_queries(10):
        response = client.get(url("submit", assessment))
    assert len(response.context["check"].unfinished) == people
