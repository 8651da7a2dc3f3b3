"""Unit tests of assessments.scoring for one area: new characteristics, area scores and
results of one or several respondents. Pure functions on plain values, no database.

DESIGN.md, "Assessments and scoring", is the specification these tests check.
"""

import pytest

from assessments.scoring import (
    SOURCE_AGREED,
    SOURCE_MEDIAN,
    SOURCE_SINGLE,
    Answer,
    AreaModel,
    area_result,
    area_score,
    median_answer,
    normalise,
)
from tests.assessments.scoring_examples import MIXED, PEOPLE, THREE, C, answer, simple_area  # noqa: F401

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


def test_area_result_nothing_new_scores_from_the_reached_level():
    # Level 1 of PEOPLE repeats level 0: a team at 0 has reached 1; level 2 is the next step.
    result = area_result(PEOPLE, [answer(0, "people.2.1")])
    assert (result.level, result.reached, result.next_step) == (0, 1, 2)
    assert result.new_next == ("people.2.1", "people.2.2")
    assert result.ticked == ("people.2.1",)
    assert result.score == 1.5


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


def test_area_result_median_respondent_with_nothing_new_scores_its_reached_level():
    answers = [answer(0), answer(0), answer(3)]
    result = area_result(PEOPLE, answers)
    assert (result.level, result.reached) == (0, 1)
    assert result.score == 1.0


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
