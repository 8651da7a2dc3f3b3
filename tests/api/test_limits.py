"""Request bodies: JSON only, no larger than DATA_UPLOAD_MAX_MEMORY_SIZE, failures as problem
details (api/errors.py)."""

import pytest

pytestmark = pytest.mark.urls("tests.api.urls_echo")


def test_a_body_within_the_limit_is_parsed(writer):
    response = writer.post("/echo/", {"name": "Fraud ML"}, format="json")

    assert response.status_code == 200
    assert response.json() == {"keys": ["name"]}


def test_a_body_over_the_size_limit_is_a_413_problem(writer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = writer.post("/echo/", {"name": "x" * 2000}, format="json")

    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert "Too Large" in response.json()["title"]


def test_a_body_over_the_limit_without_a_declared_length_is_refused(writer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = b'{"name": "' + b"x" * 2000 + b'"}'

    response = writer.generic("POST", "/echo/", body, content_type="application/json")

    assert response.status_code == 413


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"{not json", "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        (b"name=x", "application/x-www-form-urlencoded", 415),
        (b'{"a": NaN}', "application/json", 400),
    ],
)
def test_bodies_that_are_no_json_are_problems(writer, body, content_type, status):
    response = writer.generic("POST", "/echo/", body, content_type=content_type)

    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == status
