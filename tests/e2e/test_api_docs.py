"""The API's documentation in a real browser: Swagger UI (/api/v1/docs/) and Redoc
(/api/v1/redoc/) render the OpenAPI document from our own static files, under the site's
Content-Security-Policy (relaxed for Redoc's view only, api/urls.py), and ask no other host
for anything: no web fonts, scripts or images from a CDN. A violation of the policy fails
the test (tests/e2e/conftest.py). And Settings → API, where an administrator makes the token
the documentation asks for."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

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


def test_an_admin_creates_copies_uses_and_revokes_a_token_by_keyboard(
    page, context, live_server, transactional_db, log_in, axe
):
    admin = UserFactory(email="alice@acme.example")
    MembershipFactory(
        user=admin, organisation=OrganisationFactory(name="Acme", slug="acme"), role="admin"
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(page, admin.email, PASSWORD)

    page.goto(f"{live_server.url}/o/acme/settings/")
    page.get_by_role("link", name="API", exact=True).click()
    expect(page.locator(".empty-state")).to_contain_text("No API tokens yet.")
    axe(page)
    page.get_by_role("link", name="New token").click()

    page.get_by_label("Name").fill("Warehouse export")
    page.keyboard.press("Tab")  # to the first choice of access: read only
    page.keyboard.press("ArrowDown")  # read and write
    page.get_by_label("Expires on").fill("2999-12-31")
    page.get_by_label("Expires on").press("Enter")

    secret_field = page.get_by_label("Token", exact=True)
    expect(secret_field).to_have_value(re.compile(r"^mat_[0-9a-f]{8}_"))
    expect(page.get_by_role("alert")).to_contain_text("will not be shown again")
    axe(page)
    secret = secret_field.input_value()
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("status")).to_have_text("Copied")
    assert page.evaluate("() => navigator.clipboard.readText()") == secret

    # The token works (read and write), against the same server.
    answer = page.request.get(
        f"{live_server.url}/api/v1/organisations/acme/",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert answer.status == 200 and answer.json()["slug"] == "acme"

    page.get_by_role("link", name="Done").click()
    row = page.locator("tbody tr", has_text="Warehouse export")
    expect(row).to_contain_text(secret[:12] + "…")
    expect(row).to_contain_text("Read and write")
    expect(page.locator("main")).not_to_contain_text(secret)
    row.get_by_role("link", name="Revoke").click()
    page.get_by_role("button", name="Revoke").click()

    expect(page.locator(".alert-success")).to_contain_text("has been revoked")
    expect(row).to_contain_text("revoked")
    answer = page.request.get(
        f"{live_server.url}/api/v1/organisations/acme/",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert answer.status == 401
