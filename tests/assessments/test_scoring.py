"""Unit tests of assessments.scoring: pure functions on plain values, no database.

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
    Characteristic,
    DimensionResult,
    Result,
    area_result,
    area_score,
    median_answer,
    normalise,
    score,
)

C = Characteristic


def answer(level, *ticked):
    return Answer(level, frozenset(ticked))


def simple_area(key, dimension="d", top=4, per_level=2):
    """An area whose every level states `per_level` characteristics of its own (all new)."""
    return AreaModel(
        key=key,
        dimension=dimension,
        levels={
            level: tuple(
                C(f"{key}.{level}.{i}", f"{key} level {level} statement {i}")
                for i in range(1, per_level + 1)
            )
            for level in range(top + 1)
        },
    )


# A five-level area (0-4) where level 1 repeats two of level 0's statements (one of them with
# other whitespace and case) and adds two new ones.
MIXED = AreaModel(
    key="model-creation",
    dimension="process",
    levels={
        0: (
            C("mc.0.1", "Data is gathered by hand"),
            C("mc.0.2", "No experiment tracking"),
        ),
        1: (
            C("mc.1.1", "Data pipeline runs automatically"),
            C("mc.1.2", "  DATA is   gathered\tby hand "),
            C("mc.1.3", "Experiments are tracked"),
            C("mc.1.4", "No experiment tracking"),
        ),
        2: (
            C("mc.2.1", "Models are versioned"),
            C("mc.2.2", "Training is reproducible"),
            C("mc.2.3", "Data pipeline runs automatically"),
        ),
        3: (C("mc.3.1", "Release is automated"),),
        4: (C("mc.4.1", "Everything is automated"),),
    },
)

# Like the MLOps "people" area from level 0 to 1: level 1 repeats level 0 word for word.
PEOPLE = AreaModel(
    key="people",
    dimension="people",
    levels={
        0: (
            C("people.0.1", "Data scientists: siloed, not in regular communication"),
            C("people.0.2", "Data engineers (if any): siloed"),
            C("people.0.3", "Software engineers: siloed, receive model remotely"),
        ),
        1: (
            C("people.1.1", "Data scientists: siloed, not in regular communication"),
            C("people.1.2", "Data engineers (if any): siloed"),
            C("people.1.3", "Software engineers: siloed, receive model remotely"),
        ),
        2: (
            C("people.2.1", "Data scientists: working directly with data engineers"),
            C("people.2.2", "Data engineers: working with data scientists"),
            C("people.2.3", "Software engineers: siloed, receive model remotely"),
        ),
        3: (C("people.3.1", "Everyone works together"),),
        4: (C("people.4.1", "Everyone works together and improves"),),
    },
)

# Three new characteristics at level 2 from level 1 (used for median tests).
THREE = simple_area("three", per_level=3)


# --- normalise / AreaModel.new_next ------------------------------------------------------------


def test_normalise_folds_whitespace_and_case():
    assert normalise("  Data IS\tgathered \n by   Hand ") == "data is gathered by hand"


def test_normalise_casefolds_german_sharp_s():
    assert normalise("Straße") == normalise("STRASSE")


def test_top_level_is_the_highest_level_number():
    assert MIXED.top_level == 4
    assert simple_area("a", top=2).top_level == 2


def test_new_next_lists_next_level_characteristics_not_stated_at_chosen_level():
    assert MIXED.new_next(0) == ("mc.1.1", "mc.1.3")


def test_new_next_compares_texts_after_whitespace_and_case_folding():
    # "  DATA is   gathered\tby hand " is the same statement as "Data is gathered by hand".
    assert "mc.1.2" not in MIXED.new_next(0)


def test_new_next_exact_repeat_is_not_new():
    assert "mc.1.4" not in MIXED.new_next(0)


def test_new_next_keeps_the_model_order_of_the_next_level():
    area = AreaModel(
        key="a",
        dimension="d",
        levels={
            0: (C("z", "zeta"),),
            1: (C("k3", "gamma"), C("k1", "alpha"), C("z1", "ZETA"), C("k2", "beta")),
        },
    )
    assert area.new_next(0) == ("k3", "k1", "k2")


def test_new_next_only_compares_against_the_chosen_level_not_earlier_ones():
    # "Data pipeline runs automatically" is stated at level 1 and repeated at level 2:
    # not new from level 1, but level 0 is irrelevant for the step from 1 to 2.
    assert MIXED.new_next(1) == ("mc.2.1", "mc.2.2")


def test_new_next_is_empty_at_the_top_level():
    assert MIXED.new_next(4) == ()
    assert PEOPLE.new_next(4) == ()


def test_new_next_is_empty_above_the_top_level():
    assert MIXED.new_next(5) == ()


def test_new_next_is_empty_when_next_level_repeats_everything():
    assert PEOPLE.new_next(0) == ()


def test_new_next_from_people_level_one_lists_only_changed_statements():
    assert PEOPLE.new_next(1) == ("people.2.1", "people.2.2")


def test_new_next_all_new_when_nothing_repeats():
    assert THREE.new_next(1) == ("three.2.1", "three.2.2", "three.2.3")


def test_new_next_returns_a_tuple_of_keys():
    assert isinstance(MIXED.new_next(0), tuple)
    assert isinstance(MIXED.new_next(4), tuple)


# --- area_score --------------------------------------------------------------------------------


def test_area_score_is_level_plus_share_of_ticked_new_characteristics():
    assert area_score(1, {"a"}, ("a", "b", "c")) == pytest.approx(1 + 1 / 3)
    assert area_score(2, {"a", "c"}, ("a", "b", "c")) == pytest.approx(2 + 2 / 3)


def test_area_score_with_nothing_ticked_is_the_chosen_level():
    assert area_score(2, set(), ("a", "b")) == pytest.approx(2.0)


def test_area_score_ignores_ticks_outside_new_next():
    assert area_score(1, {"a", "stale", "other"}, ("a", "b")) == pytest.approx(1.5)
    assert area_score(1, {"stale"}, ("a", "b")) == pytest.approx(1.0)


def test_area_score_everything_ticked_gives_level_plus_one_exactly():
    new = ("a", "b", "c")
    assert area_score(2, set(new), new) == 3.0
    assert area_score(0, frozenset(("x", "y", "z", "w", "v", "u", "t")), tuple("xyzwvut")) == 1.0


def test_area_score_nothing_new_is_the_chosen_level():
    assert area_score(0, {"people.1.1"}, ()) == 0.0


def test_area_score_nothing_new_is_a_float():
    assert isinstance(area_score(3, set(), ()), float)


def test_area_score_at_the_top_level_is_the_level():
    assert area_score(4, set(), MIXED.new_next(4)) == 4.0


def test_area_score_counts_a_duplicated_tick_once():
    # ticked comes in as a set in practice; a list with duplicates must not count twice
    assert area_score(1, ["a", "a"], ("a", "b")) == pytest.approx(1.5)


# --- area_result: single respondent ------------------------------------------------------------


def test_area_result_single_respondent_has_source_single():
    result = area_result(MIXED, [answer(0, "mc.1.1")])
    assert result.source == SOURCE_SINGLE == "single"
    assert result.key == "model-creation"
    assert result.level == 0
    assert result.ticked == ("mc.1.1",)
    assert result.new_next == ("mc.1.1", "mc.1.3")
    assert result.score == pytest.approx(0.5)
    assert result.respondent_levels == (0,)


def test_area_result_single_respondent_has_no_spread_and_no_disagreement():
    result = area_result(MIXED, [answer(2)])
    assert result.spread == 0
    assert result.disagreement is False


def test_area_result_at_top_level_scores_the_level():
    result = area_result(MIXED, [answer(4, "mc.4.1")])
    assert result.new_next == ()
    assert result.ticked == ()
    assert result.score == 4.0


def test_area_result_nothing_new_scores_the_chosen_level():
    result = area_result(PEOPLE, [answer(0, "people.1.1", "people.1.2")])
    assert result.new_next == ()
    assert result.ticked == ()
    assert result.score == 0.0


def test_area_result_ticked_keeps_model_order_and_drops_keys_not_in_new_next():
    result = area_result(
        THREE, [Answer(1, frozenset({"three.2.3", "unknown", "three.2.1", "three.1.1"}))]
    )
    assert result.ticked == ("three.2.1", "three.2.3")
    assert result.score == pytest.approx(1 + 2 / 3)


def test_area_result_ticked_excludes_repeated_characteristics_that_are_not_new():
    # mc.1.2 and mc.1.4 repeat level 0: ticking them is ignored.
    result = area_result(MIXED, [answer(0, "mc.1.2", "mc.1.4", "mc.1.3")])
    assert result.ticked == ("mc.1.3",)
    assert result.score == pytest.approx(0.5)


def test_area_result_everything_ticked_gives_level_plus_one_exactly():
    result = area_result(MIXED, [answer(1, "mc.2.1", "mc.2.2")])
    assert result.score == 2.0


# --- area_result: several respondents ----------------------------------------------------------


def test_area_result_several_respondents_has_source_median():
    result = area_result(THREE, [answer(1), answer(2), answer(3)])
    assert result.source == SOURCE_MEDIAN == "median"
    assert result.level == 2


def test_area_result_median_of_two_is_the_lower():
    result = area_result(THREE, [answer(3), answer(1)])
    assert result.level == 1
    assert result.source == SOURCE_MEDIAN


def test_area_result_median_of_four_is_the_lower_middle():
    result = area_result(THREE, [answer(4), answer(1), answer(3), answer(2)])
    assert result.level == 2


def test_area_result_median_of_three_with_repeated_top_level():
    result = area_result(THREE, [answer(4), answer(0), answer(4)])
    assert result.level == 4
    assert result.score == 4.0


def test_area_result_median_orders_respondents_by_area_score_not_only_level():
    # All at level 1; scores 1.0, 1 + 2/3 and 1 + 1/3: the median is the one with one tick.
    answers = [
        answer(1),
        answer(1, "three.2.1", "three.2.2"),
        answer(1, "three.2.3"),
    ]
    result = area_result(THREE, answers)
    assert result.level == 1
    assert result.ticked == ("three.2.3",)
    assert result.score == pytest.approx(1 + 1 / 3)


def test_area_result_median_of_two_same_level_takes_the_lower_score():
    answers = [answer(2, "three.3.1", "three.3.2", "three.3.3"), answer(2, "three.3.1")]
    result = area_result(THREE, answers)
    assert result.ticked == ("three.3.1",)
    assert result.score == pytest.approx(2 + 1 / 3)


def test_area_result_counts_ticks_of_the_counted_respondent_only():
    answers = [
        answer(1, "three.2.1"),
        answer(2, "three.3.1"),  # the median respondent
        answer(3, "three.4.1", "three.4.2"),
    ]
    result = area_result(THREE, answers)
    assert result.level == 2
    assert result.ticked == ("three.3.1",)
    assert result.score == pytest.approx(2 + 1 / 3)


def test_area_result_ticks_of_other_respondents_at_same_level_are_not_merged():
    answers = [answer(1, "three.2.1"), answer(1, "three.2.2"), answer(1, "three.2.3")]
    result = area_result(THREE, answers)
    assert len(result.ticked) == 1
    assert result.score == pytest.approx(1 + 1 / 3)


def test_area_result_median_does_not_depend_on_respondent_order():
    answers = [answer(0), answer(3, "three.4.1"), answer(1, "three.2.1"), answer(2)]
    expected = area_result(THREE, answers)
    for rotation in range(len(answers)):
        rotated = answers[rotation:] + answers[:rotation]
        assert area_result(THREE, rotated) == expected
        assert area_result(THREE, list(reversed(rotated))) == expected
    assert expected.level == 1
    assert expected.ticked == ("three.2.1",)


def test_area_result_median_respondent_with_nothing_new_scores_its_level():
    answers = [answer(0), answer(0), answer(3)]
    result = area_result(PEOPLE, answers)
    assert result.level == 0
    assert result.new_next == ()
    assert result.score == 0.0


def test_median_answer_returns_the_lower_middle_answer_itself():
    low, high = answer(1, "three.2.1"), answer(3)
    assert median_answer(THREE, [high, low]) is low


def test_area_result_respondent_levels_are_sorted():
    result = area_result(THREE, [answer(3), answer(0), answer(2), answer(0)])
    assert result.respondent_levels == (0, 0, 2, 3)


def test_area_result_spread_is_highest_minus_lowest_respondent_level():
    result = area_result(THREE, [answer(3), answer(0), answer(2)])
    assert result.spread == 3


def test_area_result_spread_of_two_levels_is_a_disagreement():
    result = area_result(THREE, [answer(1), answer(3)])
    assert result.spread == 2
    assert result.disagreement is True


def test_area_result_spread_of_one_level_is_not_a_disagreement():
    result = area_result(THREE, [answer(1), answer(2), answer(2)])
    assert result.spread == 1
    assert result.disagreement is False


def test_area_result_same_levels_are_not_a_disagreement():
    result = area_result(THREE, [answer(2, "three.3.1"), answer(2)])
    assert result.spread == 0
    assert result.disagreement is False


# --- area_result: agreed answer and no answer --------------------------------------------------


def test_area_result_agreed_answer_overrides_respondents():
    answers = [answer(0), answer(0), answer(1)]
    result = area_result(THREE, answers, agreed=answer(3, "three.4.2"))
    assert result.source == SOURCE_AGREED == "agreed"
    assert result.level == 3
    assert result.ticked == ("three.4.2",)
    assert result.score == pytest.approx(3 + 1 / 3)


def test_area_result_agreed_answer_keeps_respondent_levels_spread_and_disagreement():
    result = area_result(THREE, [answer(3), answer(1)], agreed=answer(2))
    assert result.respondent_levels == (1, 3)
    assert result.spread == 2
    assert result.disagreement is True


def test_area_result_agreed_answer_overrides_a_single_respondent():
    result = area_result(THREE, [answer(1, "three.2.1")], agreed=answer(1))
    assert result.source == SOURCE_AGREED
    assert result.ticked == ()
    assert result.score == 1.0


def test_area_result_agreed_answer_without_respondents():
    result = area_result(MIXED, [], agreed=answer(1, "mc.2.2", "mc.9.9"))
    assert result.source == SOURCE_AGREED
    assert result.level == 1
    assert result.ticked == ("mc.2.2",)
    assert result.respondent_levels == ()
    assert result.spread == 0
    assert result.disagreement is False


def test_area_result_without_answers_or_agreed_is_none():
    assert area_result(MIXED, []) is None
    assert area_result(MIXED, ()) is None
    assert area_result(MIXED, [], agreed=None) is None


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


def test_score_with_nothing_new_area_counts_its_chosen_level():
    result = score([PEOPLE], {"people": [answer(0, "people.1.1")]}, {})
    assert result.dimensions["people"] == DimensionResult("people", 0.0, 0)
    assert result.overall == DimensionResult("overall", 0.0, 0)


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
