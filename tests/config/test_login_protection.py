"""Passwords from the common-password list are refused; failed log-ins are counted per client
address, also behind a reverse proxy (AXES_PROXY_COUNT)."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import Membership, Organisation, User
from accounts.throttling import client_address
from tests.factories import PASSWORD, UserFactory

LOGIN = reverse("accounts:login")
PROXY = "10.0.0.254"  # the reverse proxy: every request reaches the site from here
ADA = "203.0.113.7"
BOB = "198.51.100.9"


def test_the_common_password_list_is_checked():
    validators = [item["NAME"].rsplit(".", 1)[-1] for item in settings.AUTH_PASSWORD_VALIDATORS]

    assert "CommonPasswordValidator" in validators
    assert "MinimumLengthValidator" in validators


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["password123", "qwertyuiop"])
def test_sign_up_with_a_common_password_is_refused_and_creates_nothing(client, password):
    response = client.post(
        reverse("accounts:signup"),
        {
            "name": "Grace Hopper",
            "email": "grace@example.com",
            "password1": password,
            "password2": password,
            "organisation_name": "Hopper Labs",
            "organisation_slug": "",
        },
    )

    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert response.context["form"].has_error("password2")
    assert not User.objects.exists()
    assert not Organisation.objects.exists()
    assert not Membership.objects.exists()


def through_proxy(client, email, password, forwarded_for):
    """A log-in as the proxy passes it on: from its address, the client's appended."""
    return client.post(
        LOGIN,
        {"username": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def fail_until_locked(client, settings, forwarded_for):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert through_proxy(client, "ada@example.com", "wrong", forwarded_for).status_code == 200
    # The last failure allowed locks.
    assert through_proxy(client, "ada@example.com", "wrong", forwarded_for).status_code == 429


@pytest.mark.django_db
def test_behind_one_proxy_lockouts_key_on_the_forwarded_client_address(client, settings):
    settings.REVERSE_PROXY_COUNT = 1
    UserFactory(email="ada@example.com")
    fail_until_locked(client, settings, forwarded_for=ADA)

    assert through_proxy(client, "ada@example.com", PASSWORD, ADA).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ADA}
    # The same account from another client behind the same proxy still gets in.
    response = through_proxy(client, "ada@example.com", PASSWORD, BOB)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_a_forged_forwarded_for_does_not_lift_the_lockout(client, settings):
    settings.REVERSE_PROXY_COUNT = 1
    UserFactory(email="ada@example.com")
    fail_until_locked(client, settings, forwarded_for=ADA)

    # Ada sends "X-Forwarded-For: BOB" herself; the proxy appends her real address.
    forged = through_proxy(client, "ada@example.com", PASSWORD, f"{BOB}, {ADA}")

    assert forged.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_without_proxy_count_everyone_behind_the_proxy_shares_one_address(client, settings):
    settings.REVERSE_PROXY_COUNT = 0
    UserFactory(email="ada@example.com")
    fail_until_locked(client, settings, forwarded_for=ADA)

    assert through_proxy(client, "ada@example.com", PASSWORD, BOB).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}


@pytest.mark.parametrize(
    ("count", "forwarded_for", "expected"),
    [
        (0, f"{ADA}", PROXY),  # no proxy expected: the header is the client's own claim
        (1, None, PROXY),  # reached directly, not through the proxy
        (1, f"{ADA}", ADA),
        (1, f" {BOB} ,{ADA} ", ADA),
        (2, f"{BOB}, {ADA}, 10.0.0.1", ADA),  # the first proxy appended Ada, the second 10.0.0.1
        (2, f"{ADA}", PROXY),  # fewer entries than proxies: set up differently, trust nothing
        (1, "unknown", PROXY),
        (1, f"{ADA}:4711", PROXY),
        (1, "2001:db8::7", "2001:db8::7"),
    ],
)
def test_client_address(settings, count, forwarded_for, expected):
    settings.REVERSE_PROXY_COUNT = count
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, **headers)

    assert client_address(request) == expected


def test_axes_asks_our_function_for_the_client_address():
    assert settings.AXES_CLIENT_IP_CALLABLE == "accounts.throttling.client_address"
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
