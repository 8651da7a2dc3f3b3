"""The Content-Security-Policy in a real browser: the journeys' watch (tests/e2e/conftest.py)
sees what the policy refuses, and the Django admin works under the policy."""

import re

from django.core.management import call_command
from playwright.sync_api import expect

from assessments.models import Assessment
from reports.models import Report
from tests.e2e.conftest import PASSWORD, level_label
from tests.factories import UserFactory

INJECTED = (
    '<div id="styled" style="color: rgb(255, 0, 0)">styled</div>'
    '<script>document.body.dataset.inline = "ran";</script>'
    '<button id="handler" onclick="document.body.dataset.handler = \'ran\'">click</button>'
)


def test_the_watch_sees_what_the_policy_refuses(page, live_server, csp_violations):
    def inject(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace("</main>", INJECTED))

    page.route(re.compile(r"/accounts/login/$"), inject)
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("#handler")
    expect(page.locator("#handler")).to_be_visible()

    # The page kept our policy (the header came from the server), and the browser refused.
    assert page.evaluate("() => document.body.dataset.inline") is None
    assert page.evaluate("() => document.body.dataset.handler") is None
    assert page.evaluate("() => getComputedStyle(styled).color") != "rgb(255, 0, 0)"
    directives = {violation.get("directive") for violation in csp_violations}
    assert {"script-src-elem", "script-src-attr", "style-src-attr"} <= directives, csp_violations
    csp_violations.clear()  # seen on purpose: this test must not fail because of them


def test_admin_login_and_index_work_under_the_policy(page, live_server, transactional_db):
    UserFactory(email="root@example.com", is_staff=True, is_superuser=True)

    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.fill("#id_username", "root@example.com")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.locator("#site-name")).to_be_visible()
    page.goto(f"{live_server.url}/admin/accounts/user/")
    expect(page.locator("#result_list")).to_contain_text("root@example.com")


def test_progress_bars_show_how_far_without_inline_styles(page, live_server, transactional_db):
    call_command("load_models", verbosity=0)
    call_command("seed_demo", verbosity=0)
    assessment = Assessment.objects.get(state="in_progress", team__slug="fraud-ml")
    Report.objects.create(
        organisation=assessment.team.organisation,
        kind=Report.Kind.TEAM,
        team=assessment.team,
        language="en",
        state=Report.State.RUNNING,
        progress=40,
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "data.scientist@demo.example")
    page.fill("#id_password", "demo-password")
    page.click("main button[type=submit]")
    expect(page).not_to_have_url(re.compile("/accounts/login/"))

    page.goto(
        f"{live_server.url}/o/demo/teams/{assessment.team.slug}/assessments/{assessment.pk}/answer/"
    )
    bar = page.locator("#progress progress")
    expect(bar).to_have_attribute("value", "0")
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.click(level_label(1))
    # The saved answer swaps in a new bar (htmx, out of band): one of five areas.
    expect(bar).to_have_attribute("value", "1")
    assert page.evaluate("() => document.querySelector('#progress progress').position") == 0.2
    assert bar.bounding_box()["width"] > 100

    page.goto(f"{live_server.url}/o/demo/reports/")
    report_bar = page.locator("tbody progress")
    expect(report_bar).to_have_attribute("value", "40")
    assert page.evaluate("() => document.querySelector('tbody progress').position") == 0.4
