"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

Every test here is marked `browser`: without /usr/bin/chromium it is skipped with a
message, and under REQUIRE_SERVICES=1 (CI, which installs Chromium) it fails instead.

Every page of every journey runs under the site's Content-Security-Policy: a violation
(an inline script or style, eval, a foreign origin) fails the test that caused it.
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


# Reports each violation to the test; an init script runs before the page's own scripts and,
# like the binding it calls, is not subject to the page's policy.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation({
    page: document.location.href,
    directive: event.effectiveDirective || event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  });
}, true);
"""


def watch_for_csp_violations(context, violations):
    """Collect every CSP violation in the pages of this browser context."""

    def on_console(message):
        # Chromium also logs each violation on the console, also those no DOM event reports.
        if message.type == "error" and "Content Security Policy" in message.text:
            page = message.page.url if message.page else None
            violations.append({"console": message.text, "page": page})

    context.expose_binding("__cspViolation", lambda source, violation: violations.append(violation))
    context.add_init_script(script=REPORT_CSP_VIOLATIONS)
    context.on("console", on_console)
    return context


CSP_VIOLATIONS = pytest.StashKey[list]()


@pytest.fixture(autouse=True)
def csp_violations(request, browser, monkeypatch):
    """Watch every context a journey opens (pytest-playwright's `page` and `context`, and
    those made with `browser.new_context()`); `pytest_runtest_call` below fails the test."""
    violations = []
    request.node.stash[CSP_VIOLATIONS] = violations
    new_context = browser.new_context

    def new_watched_context(*args, **kwargs):
        return watch_for_csp_violations(new_context(*args, **kwargs), violations)

    monkeypatch.setattr(browser, "new_context", new_watched_context)
    return violations


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    violations = item.stash.get(CSP_VIOLATIONS, [])
    if violations:
        lines = "\n".join(f"  {violation}" for violation in violations)
        pytest.fail(f"Content-Security-Policy violations:\n{lines}", pytrace=False)
    return result


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
    # Evaluated by the browser's debugging protocol, not as an inline <script>, which the
    # site's Content-Security-Policy would (rightly) refuse.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
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


def level_radio(level):
    """The answering page's radio for `level`: levels that add nothing new share one choice
    ("Levels 0–1"), whose id names its first level; data-levels lists them all."""
    return f'input[name=level][data-levels~="{level}"]'


def level_label(level):
    """The card to click to choose `level` (see level_radio)."""
    return f'label.level-choice:has(input[name=level][data-levels~="{level}"])'


LOCALES = ["en-GB", "de-DE"]


def translated(locale, msgid):
    """`msgid` as the page shows it to a browser speaking `locale` (the project's catalogue)."""
    from django.utils import translation

    with translation.override(locale[:2]):
        return translation.gettext(msgid)
