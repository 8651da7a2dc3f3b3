import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory

LOGIN = reverse("accounts:login")


def log_in(client, email, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_login_with_email_address_any_case(client):
    UserFactory(email="ada@example.com")

    response = log_in(client, "ADA@example.com", PASSWORD)

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_wrong_password_shows_error_and_does_not_log_in(client):
    UserFactory(email="ada@example.com")

    response = log_in(client, "ada@example.com", "wrong password")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_throttling_locks_after_failures_and_lets_in_after_cool_off(client, settings):
    UserFactory(email="ada@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "ada@example.com", "wrong password")

    locked = log_in(client, "ada@example.com", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.content.decode()
    assert "_auth_user_id" not in client.session

    # Let the cool-off pass: the attempts age beyond it.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    response = log_in(client, "ada@example.com", PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_lockout_is_keyed_on_user_and_address(client, settings):
    UserFactory(email="ada@example.com")
    UserFactory(email="bob@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "ada@example.com", "wrong password", address="10.0.0.1")

    # Another account from the same address, and the same account from elsewhere, still work.
    assert log_in(client, "bob@example.com", PASSWORD, address="10.0.0.1").status_code == 302
    client.post(reverse("accounts:logout"))
    assert log_in(client, "ada@example.com", PASSWORD, address="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_password_reset_by_email(client):
    user = UserFactory(email="ada@example.com")

    response = client.post(reverse("accounts:password_reset"), {"email": "ada@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/\S+)", mail.outbox[0].body)[1]

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    new_password = "a brand new passphrase 42"
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    user.refresh_from_db()
    assert user.check_password(new_password)


@pytest.mark.django_db
def test_password_reset_for_unknown_address_sends_nothing_and_looks_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_change_password(client_for):
    user = UserFactory()
    client = client_for(user)
    new_password = "another long passphrase 7"

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


@pytest.mark.django_db
def test_logout_needs_post(client_for):
    client = client_for(UserFactory())

    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session
