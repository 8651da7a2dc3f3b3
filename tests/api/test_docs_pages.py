"""The API's documentation pages: our own templates (no CDN, no inline script or style), and
the Content-Security-Policy relaxed for Redoc's page alone, and only as far as it needs.
The browser test (tests/e2e/test_api_docs.py) shows both render under it."""

import pytest
from django.urls import reverse

from tests.config.test_security_headers import POLICY, inline_code, parse_policy

pytestmark = pytest.mark.django_db


def _page(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response, response.content.decode()


@pytest.mark.parametrize("name", ["api:docs", "api:redoc"])
def test_the_docs_load_nothing_from_another_host_and_nothing_inline(client, name):
    _response, html = _page(client, name)

    assert "https://" not in html and "//fonts" not in html
    assert inline_code(html) == []
    assert "/static/drf_spectacular_sidecar/" in html


def test_swagger_ui_keeps_the_site_policy(client):
    response, _html = _page(client, "api:docs")
    assert parse_policy(response["Content-Security-Policy"]) == POLICY

    script = client.get(reverse("api:docs") + "?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_redoc_may_write_styles_and_start_its_search_worker_and_no_more(client):
    response, _html = _page(client, "api:redoc")

    policy = parse_policy(response["Content-Security-Policy"])
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["worker-src"] == ["'self'", "blob:"]
    rest = {key: value for key, value in policy.items() if key not in ("style-src", "worker-src")}
    assert rest == {key: value for key, value in POLICY.items() if key != "style-src"}
