"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

Every test here is marked `browser`: without /usr/bin/chromium it is skipped with a
message, and under REQUIRE_SERVICES=1 (CI, which installs Chromium) it fails instead.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# body are still synchronous and safe. Only the browser tests need this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PASSWORD = "correct horse battery staple"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        # No network beyond this machine: keep Chromium from calling home.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def log_in(live_server):
    def go(page, email, password=PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", email)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        return page

    return go


def check_accessibility(page):
    """axe-core on the current page: no serious or critical WCAG 2.1 A/AA violations."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{page.url}: {serious}"


@pytest.fixture
def axe():
    return check_accessibility
