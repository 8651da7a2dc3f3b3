"""The OpenAPI document (/api/v1/schema/): valid OpenAPI 3, and every endpoint the URL
resolver has is in it with each method its view answers."""

import re

import pytest
import yaml
from django.urls import get_resolver, resolve
from drf_spectacular.validation import validate_schema

from tests.security.test_url_walk import walk

WRITES_AND_READS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def document(client, db):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def endpoints():
    """(OpenAPI path, view class) of every API endpoint (the docs and the 404 aside)."""
    found = []
    for name, _params, pattern in walk(get_resolver()):
        if not (name or "").startswith("api:") or name in ("api:schema", "api:docs", "api:redoc"):
            continue
        if name == "api:not_found":
            continue
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", pattern)
        found.append((path, name))
    return found


def test_the_document_is_valid_openapi(document):
    validate_schema(document)  # raises on an invalid document
    assert document["info"]["title"] == "Maturity Assessments API"
    assert document["components"]["securitySchemes"]["token"]["scheme"] == "bearer"


def test_every_endpoint_and_method_is_in_the_document(document):
    listed = document["paths"]
    found = endpoints()
    for path, name in found:
        assert path in listed, (name, path)
        example = re.sub(r"\{\w+\}", "1", path).replace("/organisations/1/", "/organisations/a/")
        view = resolve(example).func.view_class
        methods = {m for m in view.http_method_names if m in WRITES_AND_READS and hasattr(view, m)}
        assert methods == set(listed[path]) & WRITES_AND_READS, (name, path)
    assert len(found) >= 20
    assert set(listed) == {path for path, _name in found}  # nothing documented that is not there
