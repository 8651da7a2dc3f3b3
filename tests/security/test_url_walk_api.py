"""The API's addresses from the same walk (tests/security/test_url_walk.py), asked for with
tokens: another organisation's token reaches nothing of A (404), A's read-only token writes
nothing (403), A's writing token reads every address without a server error."""

import pytest
from rest_framework.test import APIClient

from api.tokens import token_create
from tests.security.test_url_walk import walked, world  # noqa: F401 - world is a fixture

WRITES = ("post", "put", "patch", "delete")
# Actions on a thing, not things to read: a GET is a 405 (after the lookup and the checks).
POST_ONLY = {"api:round_extend", "api:round_close"}


def api_urls(world):  # noqa: F811 - the fixture's value
    return [(name, url) for name, kind, url in walked(world) if kind == "api"]


def client_with(organisation, scope, admin=None):
    _token, secret = token_create(organisation=organisation, name=scope, scope=scope, by=admin)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.mark.django_db
def test_another_organisations_token_reaches_nothing(world, other_organisation):  # noqa: F811
    client = client_with(other_organisation, "write")
    urls = api_urls(world)
    for _name, url in urls:
        for method in ("get", *WRITES):
            response = getattr(client, method)(url, {}, format="json")
            assert response.status_code == 404, (method, url)
            assert b"Fraud ML" not in response.content
    assert len(urls) >= 3


@pytest.mark.django_db
def test_a_read_only_token_writes_nothing(world, organisation):  # noqa: F811
    client = client_with(organisation, "read")
    for _name, url in api_urls(world):
        before = client.get(url).content
        for method in WRITES:
            response = getattr(client, method)(url, {"name": "Changed"}, format="json")
            assert response.status_code == 403, (method, url)
            assert response.json()["detail"] == "This token is read-only."
        assert client.get(url).content == before, url


@pytest.mark.django_db
def test_a_writing_token_reads_every_address(world, organisation):  # noqa: F811
    client = client_with(organisation, "write")
    for name, url in api_urls(world):
        response = client.get(url)
        if name in POST_ONLY:
            assert response.status_code == 405, url
            continue
        assert response.status_code == 200, (url, response.content[:300])
        assert response["Content-Type"] == "application/json"
