"""Sessions end after a spell without requests (SESSION_IDLE_MINUTES); requests extend them,
writing the session at most once a minute (config/sessions.py)."""

import runpy
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from config.sessions import REFRESHED_KEY

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "config" / "settings.py"


@pytest.fixture
def logged_in(client_for, member, organisation):
    client = client_for(member)
    page = reverse("orgs:teams", args=[organisation.slug])
    assert client.get(page).status_code == 200
    return client, page


def the_session(client):
    return Session.objects.get(session_key=client.session.session_key)


def last_refresh_ago(client, seconds):
    session = client.session
    session[REFRESHED_KEY] = int(time.time()) - seconds
    session.save()


def test_idle_timeout_defaults_to_two_hours_and_requests_extend_it_once_a_minute():
    assert settings.SESSION_IDLE_MINUTES == 120
    assert settings.SESSION_COOKIE_AGE == 120 * 60
    assert settings.SESSION_REFRESH_SECONDS == 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert "config.sessions.IdleSessionMiddleware" in settings.MIDDLEWARE
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_idle_timeout_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("SESSION_IDLE_MINUTES", "30")

    loaded = runpy.run_path(str(SETTINGS_FILE))

    assert loaded["SESSION_COOKIE_AGE"] == 30 * 60
    assert loaded["SESSION_REFRESH_SECONDS"] == 60
    monkeypatch.setenv("SESSION_IDLE_MINUTES", "5")
    # A short timeout is refreshed more often, so that it stays close to what was set.
    assert runpy.run_path(str(SETTINGS_FILE))["SESSION_REFRESH_SECONDS"] == 30


@pytest.mark.django_db
def test_a_session_idle_longer_than_the_timeout_is_logged_out(logged_in):
    client, page = logged_in
    # As if the last request had been one second more than the idle timeout ago.
    Session.objects.filter(pk=the_session(client).pk).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = client.get(page)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_active_session_is_extended_once_the_last_refresh_is_a_minute_old(logged_in):
    client, page = logged_in
    # The last request was a minute short of the idle timeout ago: one minute is left.
    nearly_expired = timezone.now() + timedelta(minutes=1)
    last_refresh_ago(client, settings.SESSION_COOKIE_AGE - 60)
    Session.objects.filter(pk=the_session(client).pk).update(expire_date=nearly_expired)

    before = timezone.now()
    response = client.get(page)

    assert response.status_code == 200
    expiry = the_session(client).expire_date
    assert expiry >= before + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE
    assert client.get(page).status_code == 200


@pytest.mark.django_db
def test_requests_within_a_minute_of_the_last_refresh_do_not_write_the_session(logged_in):
    # The organisation page also remembers the organisation: the same one again is no write.
    client, page = logged_in
    last_refresh_ago(client, settings.SESSION_REFRESH_SECONDS - 5)
    expiry = the_session(client).expire_date

    with CaptureQueriesContext(connection) as queries:
        response = client.get(page)

    assert response.status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]]
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert the_session(client).expire_date == expiry


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/"])
def test_an_unknown_or_expired_session_cookie_makes_no_new_session(client, path):
    client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32

    response = client.get(path)

    assert response.status_code in (200, 302)
    assert not Session.objects.exists()
    # Django deletes the stale cookie (an empty value), and sends no new one.
    assert response.cookies[settings.SESSION_COOKIE_NAME].value == ""


@pytest.mark.django_db
def test_a_logout_leaves_no_session_behind(logged_in):
    client, _page = logged_in

    client.post(reverse("accounts:logout"))

    assert not Session.objects.exists()
