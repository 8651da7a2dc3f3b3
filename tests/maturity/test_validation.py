"""Validation of a model document: keys as whole matches, levels as whole numbers (issue 14)."""

import json

import pytest
from django.urls import reverse

from maturity.models import MaturityModel
from maturity.validation import validate
from tests.maturity.test_views import upload


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


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["slug", "version"])
def test_an_upload_with_a_trailing_newline_is_refused_and_the_pages_keep_working(
    client_for, admin, organisation, mini_data, where
):
    client = client_for(admin)
    mini_data[where] += "\n"

    response = upload(client, organisation, json.dumps(mini_data))

    assert response.status_code == 400
    assert not MaturityModel.objects.exists()
    assert client.get(reverse("maturity:list")).status_code == 200
    assert client.get(reverse("maturity:settings", args=[organisation.slug])).status_code == 200
