"""Unit tests of assessments.scoring.score: dimensions and the overall result.

DESIGN.md, "Assessments and scoring", is the specification these tests check.
"""

import pytest

from assessments.scoring import (
    SOURCE_AGREED,
    SOURCE_MEDIAN,
    SOURCE_SINGLE,
    Answer,
    AreaModel,
    AreaResult,
    DimensionResult,
    Result,
    score,
)
from tests.assessments.scoring_examples import MIXED, PEOPLE, THREE, C, answer, simple_area  # noqa: F401

# --- score -------------------------------------------------------------------------------------


def full_ticks(area, level):
    return Answer(level, frozenset(area.new_next(level)))


def test_score_dimension_score_is_mean_of_its_areas_scores():
    a, b, c = simple_area("a"), simple_area("b"), simple_area("c")  # 2 new per level
    answers = {"a": [answer(1, "a.2.1")], "b": [answer(2)], "c": [answer(3, "c.4.1", "c.4.2")]}
    result = score([a, b, c], answers, {})
    dimension = result.dimensions["d"]
    assert dimension.key == "d"
    assert dimension.score == pytest.approx((1.5 + 2.0 + 4.0) / 3)


def test_score_dimension_level_is_the_lowest_chosen_level_among_its_areas():
    a, b, c = simple_area("a"), simple_area("b"), simple_area("c")
    # b scores 2.0 exactly with everything ticked at level 1; still its chosen level is 1
    answers = {"a": [answer(3)], "b": [full_ticks(b, 1)], "c": [answer(2)]}
    result = score([a, b, c], answers, {})
    assert result.areas["b"].score == 2.0
    assert result.dimensions["d"].level == 1


def test_score_overall_score_is_mean_of_dimension_scores_not_of_areas():
    areas = [
        simple_area("p1", "people"),
        simple_area("p2", "people"),
        simple_area("p3", "people"),
        simple_area("proc", "process"),
        simple_area("tech", "technology"),
    ]
    answers = {
        "p1": [answer(1)],
        "p2": [answer(1, "p2.2.1")],
        "p3": [answer(1)],
        "proc": [answer(4)],
        "tech": [answer(3, "tech.4.1")],
    }
    result = score(areas, answers, {})
    people = (1.0 + 1.5 + 1.0) / 3
    assert result.dimensions["people"].score == pytest.approx(people)
    assert result.dimensions["process"].score == pytest.approx(4.0)
    assert result.dimensions["technology"].score == pytest.approx(3.5)
    expected = (people + 4.0 + 3.5) / 3
    mean_of_areas = (1.0 + 1.5 + 1.0 + 4.0 + 3.5) / 5
    assert expected != pytest.approx(mean_of_areas)  # the case tells the two apart
    assert result.overall.score == pytest.approx(expected)
    assert result.overall.score != pytest.approx(mean_of_areas)


def test_score_overall_level_is_the_lowest_dimension_level():
    areas = [
        simple_area("p1", "people"),
        simple_area("p2", "people"),
        simple_area("proc", "process"),
        simple_area("tech", "technology"),
    ]
    answers = {
        "p1": [answer(3)],
        "p2": [answer(2)],
        "proc": [answer(4)],
        "tech": [answer(1, "tech.2.1", "tech.2.2")],
    }
    result = score(areas, answers, {})
    assert result.dimensions["people"].level == 2
    assert result.dimensions["process"].level == 4
    assert result.dimensions["technology"].level == 1
    assert result.overall.level == 1
    assert result.overall.key == "overall"
    assert result.complete is True


def test_score_exports_example_two_decimals():
    # DESIGN.md's export: people 1.0, process 2.11, technology 2.0 -> overall 1.70
    areas = [
        simple_area("people", "people"),
        simple_area("mc", "process", per_level=3),
        simple_area("mr", "process", per_level=3),
        simple_area("ml", "process", per_level=3),
        simple_area("tech", "technology"),
    ]
    answers = {
        "people": [answer(1)],
        "mc": [answer(2, "mc.3.1")],  # 2.33
        "mr": [answer(2)],  # 2.0
        "ml": [answer(2)],  # 2.0
        "tech": [answer(2)],
    }
    result = score(areas, answers, {})
    assert round(result.areas["mc"].score, 2) == 2.33
    assert round(result.dimensions["process"].score, 2) == 2.11
    assert round(result.overall.score, 2) == 1.70
    assert result.overall.level == 1


def test_score_dimension_with_a_missing_area_is_absent_and_overall_is_none():
    areas = [
        simple_area("p1", "people"),
        simple_area("p2", "people"),
        simple_area("proc", "process"),
    ]
    answers = {"p1": [answer(2)], "proc": [answer(3)]}
    result = score(areas, answers, {})
    assert "people" not in result.dimensions
    assert result.dimensions["process"] == DimensionResult("process", 3.0, 3)
    assert set(result.areas) == {"p1", "proc"}
    assert result.overall is None
    assert result.complete is False


def test_score_with_no_answers_at_all_is_empty_and_incomplete():
    result = score([simple_area("a"), simple_area("b", "e")], {}, {})
    assert result == Result(areas={}, dimensions={}, overall=None)
    assert result.complete is False


def test_score_area_without_result_is_not_in_areas():
    result = score([simple_area("a"), simple_area("b")], {"a": [answer(1)], "b": []}, {})
    assert list(result.areas) == ["a"]


def test_score_agreed_answer_completes_an_area_without_respondents():
    areas = [simple_area("a"), simple_area("b")]
    result = score(areas, {"a": [answer(1)]}, {"b": answer(2, "b.3.1")})
    assert result.areas["b"].source == SOURCE_AGREED
    assert result.dimensions["d"].score == pytest.approx((1.0 + 2.5) / 2)
    assert result.complete is True


def test_score_agreed_answer_overrides_median_in_the_totals():
    areas = [simple_area("a")]
    result = score(areas, {"a": [answer(0), answer(1), answer(4)]}, {"a": answer(3)})
    assert result.areas["a"].level == 3
    assert result.overall == DimensionResult("overall", 3.0, 3)


def test_score_uses_median_and_single_sources_per_area():
    areas = [simple_area("a"), simple_area("b")]
    result = score(areas, {"a": [answer(2)], "b": [answer(1), answer(3)]}, {})
    assert result.areas["a"].source == SOURCE_SINGLE
    assert result.areas["b"].source == SOURCE_MEDIAN
    assert result.areas["b"].level == 1
    assert result.areas["b"].respondent_levels == (1, 3)


def test_score_areas_result_objects_are_area_results():
    result = score([MIXED], {"model-creation": [answer(0, "mc.1.3")]}, {})
    assert isinstance(result.areas["model-creation"], AreaResult)
    assert result.areas["model-creation"].score == pytest.approx(0.5)


def test_score_with_nothing_new_area_counts_its_reached_level():
    result = score([PEOPLE], {"people": [answer(0, "people.1.1")]}, {})
    assert result.dimensions["people"] == DimensionResult("people", 1.0, 1)
    assert result.overall == DimensionResult("overall", 1.0, 1)


def test_score_model_with_other_dimensions_and_three_levels():
    """Nothing is MLOps-specific: any dimension keys, any number of dimensions and levels."""
    culture_a = AreaModel(
        key="culture-a",
        dimension="culture",
        levels={
            0: (C("ca.0.1", "Ad hoc"),),
            1: (C("ca.1.1", "Ad hoc"), C("ca.1.2", "Some rules"), C("ca.1.3", "Reviews")),
            2: (C("ca.2.1", "Some rules"), C("ca.2.2", "Everything reviewed")),
        },
    )
    culture_b = AreaModel(
        key="culture-b",
        dimension="culture",
        levels={
            0: (C("cb.0.1", "Nothing"),),
            1: (C("cb.1.1", "Something"),),
            2: (C("cb.2.1", "All"),),
        },
    )
    delivery = AreaModel(
        key="delivery",
        dimension="delivery",
        levels={
            0: (C("dl.0.1", "Manual"),),
            1: (C("dl.1.1", "Scripted"), C("dl.1.2", "Tested")),
            2: (C("dl.2.1", "Continuous"),),
        },
    )
    areas = [culture_a, culture_b, delivery]
    assert culture_a.top_level == 2
    assert culture_a.new_next(0) == ("ca.1.2", "ca.1.3")
    assert culture_a.new_next(1) == ("ca.2.2",)
    answers = {
        "culture-a": [answer(0, "ca.1.2", "ca.1.1")],  # 0.5
        "culture-b": [answer(2)],  # top level: 2.0
        "delivery": [answer(1), answer(0, "dl.1.1"), answer(2)],  # median by score
    }
    result = score(areas, answers, {})
    assert result.areas["culture-a"].score == pytest.approx(0.5)
    assert result.areas["culture-b"].score == 2.0
    # delivery: scores 1.0 (level 1), 0.5 (level 0, one of two), 2.0 (level 2): median 1.0
    assert result.areas["delivery"].level == 1
    assert result.areas["delivery"].score == pytest.approx(1.0)
    assert list(result.dimensions) == ["culture", "delivery"]
    assert result.dimensions["culture"].score == pytest.approx(1.25)
    assert result.dimensions["culture"].level == 0
    assert result.dimensions["delivery"].score == pytest.approx(1.0)
    assert result.dimensions["delivery"].level == 1
    assert result.overall.score == pytest.approx((1.25 + 1.0) / 2)
    assert result.overall.level == 0
    assert result.complete is True


def test_score_dimensions_follow_the_order_of_first_appearance_in_the_areas():
    areas = [
        simple_area("x", "zeta"),
        simple_area("y", "alpha"),
        simple_area("z", "zeta"),
        simple_area("w", "mid"),
    ]
    answers = {key: [answer(1)] for key in "xyzw"}
    result = score(areas, answers, {})
    assert list(result.dimensions) == ["zeta", "alpha", "mid"]
    assert list(result.areas) == ["x", "y", "z", "w"]


def test_score_four_dimensions_average_all_of_them():
    areas = [simple_area(k, f"dim-{k}") for k in "abcd"]
    answers = {"a": [answer(0)], "b": [answer(1)], "c": [answer(2)], "d": [answer(4)]}
    result = score(areas, answers, {})
    assert result.overall.score == pytest.approx(7 / 4)
    assert result.overall.level == 0
