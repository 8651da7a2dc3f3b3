"""Sessions end after a spell without requests (SESSION_IDLE_MINUTES); each request extends it."""

import runpy
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "config" / "settings.py"


@pytest.fixture
def logged_in(client_for, member, organisation):
    client = client_for(member)
    page = reverse("orgs:teams", args=[organisation.slug])
    assert client.get(page).status_code == 200
    return client, page


def the_session(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_idle_timeout_defaults_to_two_hours_and_every_request_extends_it():
    assert settings.SESSION_IDLE_MINUTES == 120
    assert settings.SESSION_COOKIE_AGE == 120 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_idle_timeout_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("SESSION_IDLE_MINUTES", "30")

    loaded = runpy.run_path(str(SETTINGS_FILE))

    assert loaded["SESSION_COOKIE_AGE"] == 30 * 60


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
def test_an_active_session_is_extended_by_each_request(logged_in):
    client, page = logged_in
    # The last request was a minute short of the idle timeout ago: one minute is left.
    nearly_expired = timezone.now() + timedelta(minutes=1)
    Session.objects.filter(pk=the_session(client).pk).update(expire_date=nearly_expired)

    before = timezone.now()
    response = client.get(page)

    assert response.status_code == 200
    expiry = the_session(client).expire_date
    assert expiry >= before + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE
    assert client.get(page).status_code == 200
