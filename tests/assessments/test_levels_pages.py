"""Issue 15, items 9 and 10 with the MLOps model: levels that add nothing new are one choice,
ticks count for the next step, stored scores count from the reached level."""

import re

import pytest

from assessments import services
from assessments.models import AreaScore, DimensionScore
from tests.answers import answer_everything
from tests.assessments.test_views import url


@pytest.mark.django_db
def test_answering_page_joins_levels_that_add_nothing_new(client_for, assessment, member):
    page = client_for(member).get(url("answer_area", assessment, "people")).content.decode()

    assert "Levels 0–1" in page
    assert re.findall(r'name="level" value="(\d)"', page) == ["0", "2", "3", "4"]


@pytest.mark.django_db
def test_answering_page_checklist_is_the_next_step_above_a_joined_level(
    client_for, assessment, member
):
    services.answer_record(assessment=assessment, respondent=member, area_key="people", level=0)

    response = client_for(member).get(url("answer_area", assessment, "people"))

    assert response.context["next_level"].number == 2
    assert [c.key for c in response.context["checklist"]] == ["people.2.1", "people.2.2"]
    assert "adds nothing new" not in response.content.decode()


@pytest.mark.django_db
def test_agree_page_shows_what_each_level_means(client_for, assessment, member, manager):
    services.answer_record(assessment=assessment, respondent=member, area_key="people", level=2)

    page = client_for(manager).get(url("agree", assessment, "people")).content.decode()

    assert "Levels 0–1" in page
    assert re.findall(r'name="level" value="(\d)"', page) == ["0", "2", "3", "4"]
    level_2 = assessment.model.characteristics.filter(area__key="people", level__number=2)
    for characteristic in level_2:
        assert characteristic.text_en in page


@pytest.mark.django_db
def test_ticks_of_the_next_step_above_a_joined_level_are_kept(assessment, member):
    recorded = services.answer_record(
        assessment=assessment,
        respondent=member,
        area_key="people",
        level=0,
        ticked=["people.2.1", "people.1.1"],
    )

    assert recorded.answer.ticked == ["people.2.1"]


@pytest.mark.django_db
def test_submit_stores_scores_and_levels_from_the_reached_level(assessment, member, manager):
    answer_everything(assessment, member, level=0, **{"application-integration": 1})
    services.answer_record(
        assessment=assessment,
        respondent=member,
        area_key="people",
        level=0,
        ticked=["people.2.1"],
    )
    services.assessment_submit(assessment=assessment, by=manager)

    areas = {
        s.area_key: (s.level, s.score) for s in AreaScore.objects.filter(assessment=assessment)
    }
    assert areas["people"] == (1, 1.5)
    assert areas["application-integration"] == (2, 2.0)
    dimensions = dict(
        DimensionScore.objects.filter(assessment=assessment).values_list("dimension_key", "level")
    )
    assert dimensions == {"people": 1, "process": 0, "technology": 0}
