"""API fixtures: tokens of organisation A (acme) and a client that sends them."""

import pytest
from rest_framework.test import APIClient

from api.tokens import token_create


@pytest.fixture
def make_token(organisation, admin):
    def make(scope="read", organisation=organisation, name=None, **kwargs):
        token, secret = token_create(
            organisation=organisation,
            name=name or f"{scope} token",
            scope=scope,
            by=admin,
            **kwargs,
        )
        return token, secret

    return make


@pytest.fixture
def api(db):
    """An API client; `api.as_token(secret)` sends a bearer token from then on."""
    client = APIClient()

    def as_token(secret):
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client

    client.as_token = as_token
    return client


@pytest.fixture
def reader(make_token, api):
    return api.as_token(make_token("read")[1])


@pytest.fixture
def writer(make_token, api):
    return api.as_token(make_token("write")[1])
