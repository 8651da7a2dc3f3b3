"""Random JSON bodies for the writing endpoints of the assessments part (answers, teams):
wrong types, huge strings, NUL bytes, nested objects, broken JSON. Never a 500; a refusal
(4xx) changes nothing."""

import json

import hypothesis
import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from accounts.models import Team
from assessments.models import Answer, Assessment
from tests.security.fuzz_strategies import JSON_VALUES, NASTY, extra_keys

BASE = "/api/v1/organisations/acme/"

HUGE = st.sampled_from(["x" * 10_001, "\x00" * 50, "é" * 200_000, "a\x00b", "😀" * 5_000])
STRINGS = st.text(max_size=40) | st.sampled_from(NASTY) | HUGE
ANY = JSON_VALUES | STRINGS | st.integers(-(2**70), 2**70) | st.floats()
KEYS = st.sampled_from(
    ["people.1.1", "people.2.1", "model-creation.2.2", "nope", "", "\x00", "people.2.1" * 20]
)


def field(plausible):
    return st.one_of(plausible, plausible, ANY)


@st.composite
def bodies(draw, fields):
    """A JSON document: mostly an object with the endpoint's fields (some missing, some of
    the wrong type) and unknown keys; now and then any JSON at all, or not JSON."""
    kind = draw(st.sampled_from(["object"] * 8 + ["json", "raw"]))
    if kind == "json":
        return json.dumps(draw(JSON_VALUES)).encode()
    if kind == "raw":
        return draw(st.binary(max_size=200) | st.sampled_from([b"[" * 5_000, b"{", b"\xff"]))
    data = {}
    for name, plausible in fields.items():
        if draw(st.booleans()) or draw(st.booleans()):
            data[name] = draw(field(plausible))
    for key, value in draw(st.dictionaries(extra_keys, ANY, max_size=3)).items():
        data.setdefault(key, value)
    return json.dumps(data).encode()


# The API's URL names this module fuzzes (tests/api/test_fuzz_coverage.py checks them all).
FUZZED = {"api:answer", "api:teams", "api:team"}
ANSWER_FIELDS = {
    "level": st.integers(-2, 6) | st.sampled_from(["2", 2.0, 2.5, True, None, 2**64]),
    "ticked": st.lists(KEYS | STRINGS, max_size=6) | KEYS,
    "comment": STRINGS,
    "evidence": st.lists(st.sampled_from(["https://ci.example/1", "javascript:x", ""]) | STRINGS),
    "revision": st.integers(-1, 3) | st.sampled_from([2**63, "1", None]),
}
TEAM_FIELDS = {
    "name": STRINGS | st.sampled_from(["Fraud ML", "New", "Data", "A" * 121]),
    "slug": STRINGS | st.sampled_from(["fraud-ml", "new", "data", "x" * 61, "a b"]),
    "description": STRINGS,
    "archived": st.booleans() | st.sampled_from(["true", "yes", 1, 0, None]),
}

FUZZ = hypothesis.settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def state():
    return (
        list(Answer.objects.order_by("pk").values()),
        list(Team.objects.order_by("pk").values()),
        list(Assessment.objects.order_by("pk").values("pk", "state")),
    )


def send(client, method, url, body):
    before = state()
    response = getattr(client, method)(url, body, content_type="application/json")
    assert response.status_code < 500, (url, body[:200], response.content[:300])
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"
        assert state() == before, (url, body[:200])
    return response


@pytest.mark.slow
@FUZZ
@given(body=bodies(ANSWER_FIELDS), area=st.sampled_from(["people", "model-creation", "nope"]))
def test_fuzzed_answers_never_fail_the_server(writer, assessment, body, area):
    send(writer, "put", f"{BASE}assessments/{assessment.pk}/answers/{area}/", body)


@pytest.mark.slow
@FUZZ
@given(body=bodies(ANSWER_FIELDS))
def test_fuzzed_answers_to_a_submitted_assessment_change_nothing(writer, assessment, body):
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.SUBMITTED)

    response = send(writer, "put", f"{BASE}assessments/{assessment.pk}/answers/people/", body)

    assert response.status_code in (400, 409)


@pytest.mark.slow
@FUZZ
@given(body=bodies(TEAM_FIELDS), method=st.sampled_from(["post", "patch"]))
def test_fuzzed_team_writes_never_fail_the_server(writer, team, body, method):
    url = f"{BASE}teams/" if method == "post" else f"{BASE}teams/{team.pk}/"
    send(writer, method, url, body)
