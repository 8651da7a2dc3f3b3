"""Redis down: the site keeps working, ordering a report says the queue is unavailable and
leaves the report failed (with "Try again"), an invitation is saved and listed as not sent
(with "Send again"), and /healthz answers 503.

Redis is both the Celery broker and Django's cache, and both are built from REDIS_URL when
the settings are imported, so the site runs as its own gunicorn with REDIS_URL pointing
at a Redis that fails — one that is gone (nothing listens: connections are refused) and
one that hangs (connections are accepted, nothing is ever answered). The database is a
SQLite file, so that these tests run everywhere.
"""

import shutil

import pytest
import redis

from dashboards import cache as dashboards
from tests.faults.conftest import (
    Browser,
    RedisServer,
    free_port,
    prepare_database,
    query,
    running_site,
    site_env,
)

REPORTS = """
import json
from reports.models import Report
print(json.dumps([
    {"pk": r.pk, "state": r.state, "error": r.error, "finished": r.finished_at is not None}
    for r in Report.objects.order_by("pk")
]))
"""
QUEUE_UNAVAILABLE = "The report queue is unavailable"


@pytest.fixture(scope="module")
def seeded_database(tmp_path_factory):
    """Migrated and seeded once; each test works on its own copy."""
    folder = tmp_path_factory.mktemp("template")
    database = folder / "db.sqlite3"
    seeded = prepare_database(site_env(folder, f"sqlite:///{database}"))
    return database, seeded


@pytest.fixture
def database_url(seeded_database, tmp_path):
    template, _seeded = seeded_database
    shutil.copy(template, tmp_path / "db.sqlite3")
    return f"sqlite:///{tmp_path / 'db.sqlite3'}"


@pytest.fixture(params=["refused", "hanging"])
def broken_redis_url(request):
    if request.param == "refused":
        return f"redis://127.0.0.1:{free_port()}/0"
    return f"redis://127.0.0.1:{request.getfixturevalue('silent_port')}/0"


def no_server_errors(site):
    return '" 500 ' not in site.log()


def order_team_report(browser):
    return browser.post(
        "/o/faults/reports/order/", {"kind": "team", "team": "fraud-ml", "language": "en"}
    )


def test_the_site_keeps_working_while_redis_is_down(
    seeded_database, database_url, broken_redis_url, tmp_path
):
    _template, seeded = seeded_database
    env = site_env(tmp_path, database_url, redis_url=broken_redis_url)
    with running_site(env, tmp_path) as site:
        browser = Browser(site.url)
        health = browser.get("/healthz")
        assert health.status == 503
        assert health.json() == {"database": "ok", "broker": "down", "down": ["broker"]}

        # Log in (sessions live in the database), open every page (the organisation's
        # dashboard tries the cache), answer every area, submit (which clears the cache).
        browser.log_in()
        for page in seeded["pages"]:
            assert browser.get(page).status == 200, (page, site.log())
        for area in seeded["areas"]:
            saved = browser.post(seeded["answer_url"](area), {"level": 1, "revision": 0}, htmx=True)
            assert saved.status == 200, (area, saved.text)
        submitted = browser.post(seeded["assessment_url"] + "submit/", {})
        assert submitted.status == 200
        assert "The assessment is submitted and locked." in submitted.text
        dashboard = browser.get("/o/faults/")
        assert dashboard.status == 200 and "Fraud ML" in dashboard.text

        ordered = order_team_report(browser)
        assert ordered.status == 200 and "/o/faults/reports/#report-" in ordered.url
        assert QUEUE_UNAVAILABLE in ordered.text
        assert "Try again" in ordered.text
        assert "The report is being built" not in ordered.text

        assert browser.get("/healthz").status == 503
        assert no_server_errors(site), site.log()

    [report] = query(env, REPORTS)
    assert report["state"] == "failed" and report["finished"]
    assert QUEUE_UNAVAILABLE in report["error"]


def test_a_report_refused_while_redis_was_down_is_queued_once_redis_is_back(
    redis_server_program, database_url, tmp_path
):
    port = free_port()
    env = site_env(tmp_path, database_url, redis_url=f"redis://127.0.0.1:{port}/0")
    redis_server = RedisServer(port)
    with running_site(env, tmp_path) as site:
        try:
            browser = Browser(site.url)
            browser.log_in()
            assert QUEUE_UNAVAILABLE in order_team_report(browser).text
            [report] = query(env, REPORTS)
            assert report["state"] == "failed"

            redis_server.start()
            health = browser.get("/healthz")
            assert (health.status, health.json()) == (200, {"database": "ok", "broker": "ok"})
            again = browser.post(f"/o/faults/reports/{report['pk']}/retry/", {})
            assert again.status == 200
            assert "The report is being built again." in again.text
            assert QUEUE_UNAVAILABLE not in again.text

            # Reports have a queue of their own.
            queued = redis.Redis(port=port).lrange("reports", 0, -1)
            assert len(queued) == 1 and b"reports.tasks.build_report" in queued[0]
            assert no_server_errors(site), site.log()
        finally:
            redis_server.stop()

    [report] = query(env, REPORTS)
    assert (report["state"], report["error"], report["finished"]) == ("queued", "", False)


class FailingCache:
    """Django's Redis cache with Redis gone: every call raises."""

    def __init__(self):
        self.calls = 0

    def __getattr__(self, name):
        def call(*args, **kwargs):
            self.calls += 1
            raise redis.exceptions.ConnectionError("Error 111 connecting. Connection refused.")

        return call


@pytest.mark.django_db
def test_dashboard_figures_do_without_a_failing_cache_and_stop_asking_it(
    organisation, monkeypatch, settings
):
    settings.DASHBOARD_CACHE_SECONDS = 300
    failing = FailingCache()
    monkeypatch.setattr(dashboards, "cache", failing)
    monkeypatch.setattr(dashboards, "_cache_paused_until", 0.0)

    figures = dashboards.organisation_figures(organisation, dashboards.Filters())
    assert set(figures) == {"distribution", "trend", "below_target", "stale"}
    assert failing.calls == 1
    # For a while this process leaves the cache alone: a hanging Redis costs one request
    # its timeout, not every request.
    dashboards.invalidate(organisation)
    assert dashboards.organisation_figures(organisation, dashboards.Filters()) == figures
    assert failing.calls == 1

    monkeypatch.setattr(dashboards, "_cache_paused_until", 0.0)  # the pause is over
    dashboards.invalidate(organisation)  # a submit while Redis is down
    assert failing.calls == 2


INVITATIONS = """
import json
from accounts.models import Invitation
print(json.dumps([
    {"pk": i.pk, "email": i.email, "sent": i.email_sent_at is not None}
    for i in Invitation.objects.order_by("pk")
]))
"""
MAKE_ADMIN = """
from accounts.models import Membership
Membership.objects.update(role="admin")
print("{}")
"""
NOT_SENT = "was saved, but its e-mail could not be sent"


def invite(browser):
    return browser.post(
        "/o/faults/settings/invitations/new/", {"email": "new@faults.example", "role": "member"}
    )


def test_an_invitation_made_while_redis_is_down_is_saved_and_says_it_was_not_sent(
    database_url, broken_redis_url, tmp_path
):
    env = site_env(tmp_path, database_url, redis_url=broken_redis_url)
    query(env, MAKE_ADMIN)
    with running_site(env, tmp_path) as site:
        browser = Browser(site.url)
        browser.log_in()
        invited = invite(browser)
        assert invited.status == 200 and invited.url.endswith("/o/faults/settings/members/")
        assert NOT_SENT in invited.text
        assert "not sent" in invited.text and "Send again" in invited.text
        assert no_server_errors(site), site.log()

    [invitation] = query(env, INVITATIONS)
    assert (invitation["email"], invitation["sent"]) == ("new@faults.example", False)


def test_an_invitation_not_sent_while_redis_was_down_is_queued_by_send_again(
    redis_server_program, database_url, tmp_path
):
    port = free_port()
    env = site_env(tmp_path, database_url, redis_url=f"redis://127.0.0.1:{port}/0")
    query(env, MAKE_ADMIN)
    redis_server = RedisServer(port)
    with running_site(env, tmp_path) as site:
        try:
            browser = Browser(site.url)
            browser.log_in()
            assert NOT_SENT in invite(browser).text
            [invitation] = query(env, INVITATIONS)

            redis_server.start()
            again = browser.post(f"/o/faults/settings/invitations/{invitation['pk']}/send/", {})
            assert again.status == 200
            assert "The invitation to new@faults.example has been sent again." in again.text

            queued = redis.Redis(port=port).lrange("celery", 0, -1)
            assert len(queued) == 1 and b"accounts.tasks.send_invitation_email" in queued[0]
            assert no_server_errors(site), site.log()
        finally:
            redis_server.stop()


def test_password_reset_works_while_redis_is_down(database_url, broken_redis_url, tmp_path):
    """Its limit is counted in the cache; a cache that fails lets the request through."""
    env = site_env(tmp_path, database_url, redis_url=broken_redis_url)
    with running_site(env, tmp_path) as site:
        browser = Browser(site.url)
        assert browser.get("/accounts/password/reset/").status == 200
        asked = browser.post("/accounts/password/reset/", {"email": "manager@faults.example"})
        assert asked.status == 200 and asked.url.endswith("/accounts/password/reset/sent/")
        assert "Check your e-mail" in asked.text
        assert "Choose a new password" in site.log()  # the console e-mail, sent
        assert no_server_errors(site), site.log()
