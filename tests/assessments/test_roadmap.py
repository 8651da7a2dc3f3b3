"""Unit tests of assessments.roadmap: pure functions on plain values, no database.

DESIGN.md, "Roadmap": for every area below its target, the unticked new characteristics of
the next level, as deliverables.
"""

from assessments.roadmap import Step, roadmap
from assessments.scoring import AreaModel, score
from tests.assessments.scoring_examples import C, answer, simple_area


def area(key, dimension="d", top=4, per_level=3):
    """An area whose every level states `per_level` characteristics of its own (all new)."""
    return simple_area(key, dimension, top, per_level)


# Level 1 repeats level 0 word for word (like the MLOps "people" area from 0 to 1).
REPEATING = AreaModel(
    key="people",
    dimension="people",
    levels={
        0: (C("p.0.1", "Siloed"), C("p.0.2", "No communication")),
        1: (C("p.1.1", "siloed"), C("p.1.2", "No   communication")),
        2: (C("p.2.1", "Working together"), C("p.2.2", "No communication")),
        3: (C("p.3.1", "Automated together"),),
        4: (C("p.4.1", "Improving together"),),
    },
)


def plan(areas, answers, targets=None, agreed=None):
    return roadmap(areas, score(areas, answers, agreed or {}), targets)


def test_roadmap_one_step_per_area_below_the_top_level():
    areas = [area("a"), area("b")]
    steps = plan(areas, {"a": [answer(1)], "b": [answer(2)]})
    assert [step.area for step in steps] == ["a", "b"]


def test_roadmap_step_lists_unticked_new_characteristics_as_deliverables():
    areas = [area("a")]
    steps = plan(areas, {"a": [answer(1, "a.2.2")]})
    assert steps == [
        Step(
            area="a",
            from_level=1,
            to_level=2,
            deliverables=("a.2.1", "a.2.3"),
            done=("a.2.2",),
        )
    ]


def test_roadmap_step_done_lists_ticked_new_characteristics_in_model_order():
    areas = [area("a")]
    (step,) = plan(areas, {"a": [answer(0, "a.1.3", "a.1.1")]})
    assert step.done == ("a.1.1", "a.1.3")
    assert step.deliverables == ("a.1.2",)


def test_roadmap_step_with_nothing_ticked_has_every_new_characteristic_as_deliverable():
    (step,) = plan([area("a")], {"a": [answer(2)]})
    assert step.deliverables == ("a.3.1", "a.3.2", "a.3.3")
    assert step.done == ()


def test_roadmap_step_with_everything_ticked_has_no_deliverables_but_still_a_step():
    (step,) = plan([area("a")], {"a": [answer(2, "a.3.1", "a.3.2", "a.3.3")]})
    assert step.deliverables == ()
    assert step.done == ("a.3.1", "a.3.2", "a.3.3")
    assert (step.from_level, step.to_level) == (2, 3)


def test_roadmap_deliverables_exclude_characteristics_already_stated_at_the_chosen_level():
    (step,) = plan([REPEATING], {"people": [answer(1)]})
    assert step.deliverables == ("p.2.1",)  # p.2.2 repeats level 1


def test_roadmap_ignores_ticks_outside_the_new_characteristics():
    (step,) = plan([area("a")], {"a": [answer(1, "a.3.1", "a.1.1", "unknown")]})
    assert step.done == ()
    assert step.deliverables == ("a.2.1", "a.2.2", "a.2.3")


def test_roadmap_area_at_the_top_level_produces_no_step():
    areas = [area("a"), area("b")]
    steps = plan(areas, {"a": [answer(4)], "b": [answer(3)]})
    assert [step.area for step in steps] == ["b"]


def test_roadmap_everything_at_the_top_level_is_empty():
    assert plan([area("a"), area("b")], {"a": [answer(4)], "b": [answer(4)]}) == []


def test_roadmap_skips_a_level_that_adds_nothing_new_and_names_the_next_step():
    (step,) = plan([REPEATING], {"people": [answer(0, "p.2.1")]})
    assert step == Step(area="people", from_level=1, to_level=2, deliverables=(), done=("p.2.1",))


def test_roadmap_area_below_its_target_produces_a_step():
    (step,) = plan([area("a")], {"a": [answer(1)]}, targets={"a": 2})
    assert (step.from_level, step.to_level) == (1, 2)


def test_roadmap_area_at_its_target_produces_no_step():
    assert plan([area("a")], {"a": [answer(2)]}, targets={"a": 2}) == []


def test_roadmap_area_above_its_target_produces_no_step():
    assert plan([area("a")], {"a": [answer(3)]}, targets={"a": 1}) == []


def test_roadmap_target_zero_produces_no_step():
    assert plan([area("a")], {"a": [answer(0)]}, targets={"a": 0}) == []


def test_roadmap_target_far_above_gives_only_the_next_level_step():
    (step,) = plan([area("a")], {"a": [answer(0)]}, targets={"a": 4})
    assert (step.from_level, step.to_level) == (0, 1)
    assert step.deliverables == ("a.1.1", "a.1.2", "a.1.3")


def test_roadmap_target_above_top_level_is_capped():
    assert plan([area("a")], {"a": [answer(4)]}, targets={"a": 7}) == []
    (step,) = plan([area("a")], {"a": [answer(3)]}, targets={"a": 7})
    assert (step.from_level, step.to_level) == (3, 4)


def test_roadmap_area_without_a_target_defaults_to_the_top_level():
    areas = [area("a"), area("b")]
    steps = plan(areas, {"a": [answer(2)], "b": [answer(2)]}, targets={"a": 2})
    assert [step.area for step in steps] == ["b"]


def test_roadmap_empty_targets_behave_like_no_targets():
    areas = [area("a"), area("b")]
    answers = {"a": [answer(1)], "b": [answer(4)]}
    assert plan(areas, answers, targets={}) == plan(areas, answers) == plan(areas, answers, None)


def test_roadmap_targets_for_unknown_areas_are_ignored():
    (step,) = plan([area("a")], {"a": [answer(1)]}, targets={"other": 0})
    assert step.area == "a"


def test_roadmap_skips_areas_without_a_result():
    areas = [area("a"), area("b"), area("c")]
    steps = plan(areas, {"a": [answer(1)], "c": [answer(2)]})
    assert [step.area for step in steps] == ["a", "c"]


def test_roadmap_with_no_results_is_empty():
    assert plan([area("a"), area("b")], {}) == []


def test_roadmap_follows_the_areas_order_not_the_answers_order():
    areas = [area("z"), area("a", "other"), area("m")]
    answers = {"m": [answer(1)], "a": [answer(2)], "z": [answer(0)]}
    steps = plan(areas, answers)
    assert [step.area for step in steps] == ["z", "a", "m"]


def test_roadmap_follows_the_order_of_the_areas_argument():
    a, b = area("a"), area("b")
    result = score([a, b], {"a": [answer(1)], "b": [answer(1)]}, {})
    assert [step.area for step in roadmap([b, a], result)] == ["b", "a"]


def test_roadmap_uses_the_counted_answer_of_several_respondents():
    answers = {"a": [answer(3, "a.4.1"), answer(1, "a.2.1"), answer(2, "a.3.3")]}
    (step,) = plan([area("a")], answers)
    assert (step.from_level, step.to_level) == (2, 3)
    assert step.done == ("a.3.3",)
    assert step.deliverables == ("a.3.1", "a.3.2")


def test_roadmap_uses_the_agreed_answer():
    answers = {"a": [answer(0), answer(3)]}
    (step,) = plan([area("a")], answers, agreed={"a": answer(1, "a.2.2")})
    assert (step.from_level, step.to_level) == (1, 2)
    assert step.done == ("a.2.2",)
    assert step.deliverables == ("a.2.1", "a.2.3")


def test_roadmap_works_on_an_incomplete_result():
    areas = [area("a", "x"), area("b", "x"), area("c", "y")]
    result = score(areas, {"a": [answer(1)], "c": [answer(0)]}, {})
    assert result.complete is False
    assert [step.area for step in roadmap(areas, result)] == ["a", "c"]


def test_roadmap_model_with_three_levels():
    short = area("s", "culture", top=2, per_level=2)
    assert [s.area for s in plan([short], {"s": [answer(2)]})] == []
    (step,) = plan([short], {"s": [answer(1, "s.2.1")]})
    assert step == Step(
        area="s", from_level=1, to_level=2, deliverables=("s.2.2",), done=("s.2.1",)
    )
    (step,) = plan([short], {"s": [answer(1, "s.2.1")]}, targets={"s": 9})
    assert step.to_level == 2


def test_roadmap_step_from_level_is_the_counted_level_and_to_level_the_next():
    for level in range(4):
        (step,) = plan([area("a")], {"a": [answer(level)]})
        assert (step.from_level, step.to_level) == (level, level + 1)
