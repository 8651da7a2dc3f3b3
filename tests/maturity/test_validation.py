"""Validation of a model document: keys as whole matches, levels as whole numbers (issue 14)."""

import pytest

from maturity.validation import validate


def paths(errors):
    return [path for path, _message in errors]


@pytest.mark.parametrize(
    "where, value, path",
    [
        (("slug",), "devops-mini\n", "$.slug"),
        (("version",), "1\n", "$.version"),
        (("dimensions", 0, "key"), "culture\n", "$.dimensions[0].key"),
        (("areas", 0, "key"), "collaboration\n", "$.areas[0].key"),
        (("characteristics", 0, "key"), "collaboration.0.1\n", "$.characteristics[0].key"),
    ],
)
def test_a_key_with_a_trailing_newline_is_refused(mini_data, where, value, path):
    *parents, last = where
    target = mini_data
    for step in parents:
        target = target[step]
    target[last] = value

    assert path in paths(validate(mini_data))


@pytest.mark.parametrize("level", [True, 1.0, "1\n", "1", None])
def test_a_characteristics_level_must_be_a_whole_number(mini_data, level):
    mini_data["characteristics"][1]["level"] = level

    errors = validate(mini_data)

    assert errors == [
        (
            "$.characteristics[1].level",
            "must be a whole number: the number of one of the model's levels",
        )
    ]


@pytest.mark.parametrize("number", [True, 1.0, "1\n"])
def test_a_levels_number_must_be_a_whole_number(mini_data, number):
    mini_data["levels"][1]["number"] = number

    assert ("$.levels[1].number", "must be a whole number from 0") in validate(mini_data)
