"""The API's documentation in a real browser: Swagger UI (/api/v1/docs/) and Redoc
(/api/v1/redoc/) render the OpenAPI document from our own static files, under the site's
Content-Security-Policy (relaxed for Redoc's view only, api/urls.py), and ask no other host
for anything: no web fonts, scripts or images from a CDN. A violation of the policy fails
the test (tests/e2e/conftest.py)."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
TITLE = "Maturity Assessments API"
TEAMS = "/api/v1/organisations/{org}/teams/"


@pytest.fixture
def outside_requests(page):
    """Every request to another host, refused (the tests run offline) and recorded, and
    every request that failed, wherever it went."""
    seen = []

    def refuse_foreign(route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            seen.append(route.request.url)
            route.abort()

    page.route("**/*", refuse_foreign)
    page.on("requestfailed", lambda request: seen.append(f"failed: {request.url}"))
    return seen


def test_swagger_ui_shows_the_api_and_its_endpoints(page, live_server, outside_requests):
    page.goto(f"{live_server.url}/api/v1/docs/")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text(TITLE)
    paths = page.locator(".opblock-summary-path")
    expect(paths.first).to_be_visible()
    # Swagger UI breaks long paths with zero-width spaces.
    shown = [text.replace("\u200b", "") for text in paths.all_inner_texts()]
    assert TEAMS in shown
    page.wait_for_load_state("networkidle")
    assert outside_requests == []


def test_redoc_shows_the_api_and_its_endpoints(page, live_server, outside_requests):
    page.goto(f"{live_server.url}/api/v1/redoc/")

    expect(page.locator(".api-content h1")).to_contain_text(TITLE)
    expect(page.locator(".menu-content")).to_contain_text("organisations_list")
    expect(page.get_by_text(TEAMS).first).to_be_attached()
    # The search runs in a worker (blob:), which the page's policy allows.
    page.get_by_role("textbox", name="Search").fill("teams")
    results = page.locator("[data-role='search:results']")
    expect(results).to_contain_text("organisations_teams_list")
    page.wait_for_load_state("networkidle")
    assert outside_requests == []
