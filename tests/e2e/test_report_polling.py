"""The reports page in the browser: one poller brings the unfinished rows anew, and the page
announces a report that is ready."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import Organisation, Team
from reports import build
from reports.models import Report

MANAGER = "manager@demo.example"
DEMO_PASSWORD = "demo-password"


@pytest.fixture
def demo(transactional_db):
    call_command("load_models", verbosity=0)
    call_command("seed_demo", verbosity=0)


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB"}


def test_a_report_finished_while_the_page_is_open_shows_up_and_is_announced(
    page, live_server, demo, log_in, axe, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    organisation = Organisation.objects.get(slug="demo")
    team = Team.objects.get(organisation=organisation, slug="fraud-ml")
    waiting = [
        Report.objects.create(organisation=organisation, kind="team", team=team, language=lang)
        for lang in ("en", "de")
    ]
    polls = []
    page.on("request", lambda r: polls.append(r.url) if "/reports/progress/" in r.url else None)
    log_in(page, MANAGER, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/o/demo/reports/")
    expect(page.locator("[hx-trigger]")).to_have_count(1)
    axe(page)

    build.report_build(waiting[0].pk)

    row = page.locator(f"#report-{waiting[0].pk}")
    expect(row.get_by_role("link", name="Download PDF")).to_be_visible(timeout=15_000)
    expect(page.locator("#report-announcements")).to_have_text(
        re.compile(r"Report “A team's history: Fraud ML” is ready\.")
    )
    # The other report still waits: one poller, asking only after it, less often each time.
    expect(page.locator("[hx-trigger]")).to_have_count(1)
    assert f"watch={waiting[1].pk}&" in page.locator("#report-poll").get_attribute("hx-get")
    assert all("watch=" in url for url in polls) and len(polls) <= 4
