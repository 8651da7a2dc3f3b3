"""How large a model may be (issue 14): counts and text lengths, refused before storing."""

import copy
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maturity import limits, services
from maturity.interchange import ModelImportError
from maturity.models import MaturityModel
from maturity.validation import validate
from tests.maturity.test_views import upload


def text(length=5):
    return {"de": "x" * length, "en": "y" * length}


def with_levels(data, count):
    data["levels"] = [data["levels"][0] | {"number": n} for n in range(count)]
    data["characteristics"] = [c | {"level": 0} for c in data["characteristics"]]
    return data


def with_dimensions(data, count):
    data["dimensions"] = [{"key": f"d{n}", "name": text()} for n in range(count)]
    data["areas"] = [{"key": f"a{n}", "dimension": f"d{n}", "name": text()} for n in range(count)]
    data["characteristics"] = [c | {"area": "a0"} for c in data["characteristics"]]
    return data


def with_areas(data, count):
    dimension = data["dimensions"][0]["key"]
    data["dimensions"] = data["dimensions"][:1]
    data["areas"] = [{"key": f"a{n}", "dimension": dimension, "name": text()} for n in range(count)]
    data["characteristics"] = [c | {"area": "a0"} for c in data["characteristics"]]
    return data


def with_characteristics(data, count):
    data["characteristics"] = [{"area": "delivery", "level": 1, "text": text()}] * count
    return data


def with_highlights(data, count, level=0):
    data["levels"][level]["highlights"] = [text() for _ in range(count)]
    return data


COUNTS = {
    "levels": (with_levels, limits.MAX_LEVELS, "$.levels", "10 levels"),
    "dimensions": (with_dimensions, limits.MAX_DIMENSIONS, "$.dimensions", "12 dimensions"),
    "areas": (with_areas, limits.MAX_AREAS, "$.areas", "60 areas"),
    "characteristics": (
        with_characteristics,
        limits.MAX_CHARACTERISTICS,
        "$.characteristics",
        "2,000 characteristics",
    ),
    "highlights": (with_highlights, limits.MAX_HIGHLIGHTS, "$.levels[0].highlights", "20"),
}


@pytest.mark.parametrize("kind", COUNTS)
def test_a_model_at_a_count_limit_is_valid_and_one_more_is_refused_naming_both(mini_data, kind):
    make, limit, path, _words = COUNTS[kind]

    assert validate(make(copy.deepcopy(mini_data), limit)) == []
    errors = validate(make(copy.deepcopy(mini_data), limit + 1))

    noun = "the level has" if kind == "highlights" else "the model has"
    assert errors == [
        (path, f"{noun} {limit + 1:,} {kind}; at most {limit:,} are allowed"),
    ]


TEXTS = {
    "$.name.en": (lambda d: d["name"], "en", limits.MAX_NAME_LENGTH),
    "$.description.de": (lambda d: d["description"], "de", limits.MAX_TEXT_LENGTH),
    "$.source": (lambda d: d, "source", limits.MAX_TEXT_LENGTH),
    "$.levels[1].title.en": (lambda d: d["levels"][1]["title"], "en", limits.MAX_NAME_LENGTH),
    "$.levels[1].highlights[0].de": (
        lambda d: with_highlights(d, 1, level=1)["levels"][1]["highlights"][0],
        "de",
        limits.MAX_TEXT_LENGTH,
    ),
    "$.characteristics[2].text.en": (
        lambda d: d["characteristics"][2]["text"],
        "en",
        limits.MAX_TEXT_LENGTH,
    ),
}


@pytest.mark.parametrize("path", TEXTS)
def test_a_text_longer_than_its_limit_is_refused_naming_its_length(mini_data, path):
    where, key, limit = TEXTS[path]
    parent = where(mini_data)
    parent[key] = "x" * limit
    assert validate(mini_data) == []

    parent[key] = "x" * (limit + 1)

    assert validate(mini_data) == [
        (path, f"is {limit + 1:,} characters long; at most {limit:,} are allowed")
    ]


def stalling_model(mini_data):
    """A model like the one of the issue: 1.8 MB, thousands of levels and areas."""
    data = with_areas(copy.deepcopy(mini_data), 4_000)
    data = with_levels(data, 3_000)
    data["characteristics"] = [
        {"area": f"a{n % 4_000}", "level": n % 3_000, "text": text(20)} for n in range(7_500)
    ]
    return json.dumps(data).encode()


@pytest.mark.django_db
def test_a_model_that_would_stall_the_site_is_refused_at_once_and_stores_nothing(
    organisation, mini_data
):
    raw = stalling_model(mini_data)
    assert 1.7e6 < len(raw) < 1.9e6

    # Refused on its counts alone: no query but the transaction's savepoint, so nothing was
    # looked up or built (a time limit here would be a timed assertion).
    with CaptureQueriesContext(connection) as queries, pytest.raises(ModelImportError) as refused:
        services.model_upload(organisation=organisation, raw=raw)
    assert [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]] == []

    assert refused.value.errors == [
        ("$.levels", "the model has 3,000 levels; at most 10 are allowed"),
        ("$.areas", "the model has 4,000 areas; at most 60 are allowed"),
        ("$.characteristics", "the model has 7,500 characteristics; at most 2,000 are allowed"),
    ]
    assert not MaturityModel.objects.exists()


@pytest.mark.django_db
def test_an_upload_with_too_many_areas_gets_the_page_with_the_limit(
    client_for, admin, organisation, mini_data
):
    content = json.dumps(with_areas(mini_data, 61))

    response = upload(client_for(admin), organisation, content)

    assert response.status_code == 400
    assert "the model has 61 areas; at most 60 are allowed" in response.content.decode()
    assert not MaturityModel.objects.exists()


@pytest.mark.django_db
def test_a_file_like_the_stalling_model_is_refused_by_its_size(
    client_for, admin, organisation, mini_data
):
    raw = stalling_model(mini_data)

    response = upload(client_for(admin), organisation, raw)

    assert response.status_code == 400
    assert "The file is larger than 1 MB." in response.content.decode()
    assert not MaturityModel.objects.exists()
