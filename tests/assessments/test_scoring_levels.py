"""DESIGN.md, "Levels that add nothing new" and "Scores": joined levels, the reached level,
the next step, and scores and levels counted from the reached level. Pure, no database."""

import pytest

from assessments.roadmap import roadmap
from assessments.scoring import AreaModel, DimensionResult, area_result, score
from tests.assessments.scoring_examples import PEOPLE, C, answer, simple_area

# Like the seed's Application integration: level 2 states nothing that level 1 lacks, and
# level 4 repeats level 3.
INTEGRATION = AreaModel(
    key="application-integration",
    dimension="process",
    levels={
        0: (C("ai.0.1", "Depends on data scientists"),),
        1: (C("ai.1.1", "Unit tests exist"), C("ai.1.2", "Integration tests exist")),
        2: (C("ai.2.1", "unit tests   exist"),),
        3: (C("ai.3.1", "Tests run on release"), C("ai.3.2", "Metrics are collected")),
        4: (C("ai.4.1", "Tests run on release"), C("ai.4.2", "metrics are collected")),
    },
)
# Two levels in a row that add nothing new: 0, 1 and 2 say the same.
TWICE = AreaModel(
    key="twice",
    dimension="d",
    levels={
        0: (C("t.0.1", "Manual"),),
        1: (C("t.1.1", "Manual"),),
        2: (C("t.2.1", "Manual"),),
        3: (C("t.3.1", "Automated"), C("t.3.2", "Tested")),
        4: (C("t.4.1", "Improved"),),
    },
)


def test_groups_join_a_level_with_the_following_ones_that_add_nothing_new():
    assert PEOPLE.groups() == ((0, 1), (2,), (3,), (4,))
    assert INTEGRATION.groups() == ((0,), (1, 2), (3, 4))
    assert TWICE.groups() == ((0, 1, 2), (3,), (4,))


def test_groups_of_an_area_where_every_level_is_new_are_single_levels():
    assert simple_area("a").groups() == ((0,), (1,), (2,), (3,), (4,))


@pytest.mark.parametrize(
    ("area", "chosen", "reached"),
    [(PEOPLE, 0, 1), (PEOPLE, 1, 1), (PEOPLE, 2, 2), (INTEGRATION, 1, 2), (INTEGRATION, 3, 4)]
    + [(TWICE, 0, 2), (TWICE, 1, 2), (TWICE, 3, 3), (TWICE, 4, 4)],
)
def test_reached_level_is_raised_through_every_following_level_without_new_ones(
    area, chosen, reached
):
    assert area.reached(chosen) == reached


def test_next_step_is_the_first_level_above_the_reached_one():
    result = area_result(TWICE, [answer(0, "t.3.2")])
    assert (result.level, result.reached, result.next_step) == (0, 2, 3)
    assert result.new_next == ("t.3.1", "t.3.2")
    assert result.score == pytest.approx(2.5)


def test_reaching_the_top_through_levels_without_new_ones_has_no_next_step():
    result = area_result(INTEGRATION, [answer(3, "ai.4.1")])
    assert (result.level, result.reached, result.next_step) == (3, 4, None)
    assert result.new_next == result.ticked == ()
    assert result.score == 4.0


def test_ticks_count_for_the_next_step_not_for_the_level_that_adds_nothing():
    result = area_result(INTEGRATION, [answer(1, "ai.2.1", "ai.3.1")])
    assert result.ticked == ("ai.3.1",)
    assert result.score == pytest.approx(2.5)


def test_dimension_and_overall_level_are_the_lowest_reached_levels():
    areas = [PEOPLE, INTEGRATION, simple_area("model-release", "process")]
    result = score(
        areas,
        {
            "people": [answer(0)],
            "application-integration": [answer(1, "ai.3.1", "ai.3.2")],
            "model-release": [answer(2, "model-release.3.1")],
        },
        {},
    )
    assert result.areas["people"].score == 1.0
    assert result.dimensions["people"] == DimensionResult("people", 1.0, 1)
    # process: (3.0 + 2.5) / 2, level min(2, 2)
    assert result.dimensions["process"] == DimensionResult("process", 2.75, 2)
    assert result.overall == DimensionResult("overall", pytest.approx(1.875), 1)


def test_roadmap_names_the_next_step_never_a_level_that_adds_nothing():
    result = score(
        [INTEGRATION, PEOPLE], {"application-integration": [answer(1)], "people": [answer(0)]}, {}
    )
    steps = roadmap([INTEGRATION, PEOPLE], result)
    assert [(s.area, s.from_level, s.to_level) for s in steps] == [
        ("application-integration", 2, 3),
        ("people", 1, 2),
    ]
    assert steps[0].deliverables == ("ai.3.1", "ai.3.2")


def test_roadmap_has_no_step_for_an_area_that_reached_the_top_through_repeats():
    result = score([INTEGRATION], {"application-integration": [answer(3)]}, {})
    assert roadmap([INTEGRATION], result) == []
