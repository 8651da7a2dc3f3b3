"""Logging in and resetting a password find an account by its normalised address only.

PostgreSQL's UPPER() maps the dotless ı to I and ſ to S: a case-insensitive lookup there let
"vıctim@…" log into "victim@…" with a fresh set of attempts per spelling. The tests marked
needs_postgres prove it no longer does; the others run on SQLite as well.
"""

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.services import AccountsError, invitation_accept, user_signup
from tests.accounts.test_auth import log_in
from tests.factories import PASSWORD, InvitationFactory, UserFactory

VICTIM = "sam.victim@example.com"
# Spellings that normalise to VICTIM: each must count on the victim's one counter.
SAME_ADDRESS = [
    "SAM.VICTIM@example.com",
    "ſam.victim@example.com",  # long s
    "sam.victim@ｅxample.com",  # full-width e
    "ſAM.VICTIM@EXAMPLE.COM",
    "Sam.Victim@Example.Com",
]


@pytest.mark.django_db
def test_failures_under_any_spelling_of_an_address_share_one_counter(client, settings):
    UserFactory(email=VICTIM)
    for spelling in SAME_ADDRESS[: settings.AXES_FAILURE_LIMIT]:
        log_in(client, spelling, "wrong password")

    locked = log_in(client, VICTIM, PASSWORD)

    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {VICTIM}


@pytest.mark.django_db
def test_a_spelling_that_normalises_to_the_address_logs_in(client):
    UserFactory(email=VICTIM)

    assert log_in(client, "ſam.victim@ｅxample.com", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get().pk)


@pytest.mark.django_db
def test_dotless_i_spelling_does_not_log_into_the_i_account(client):
    UserFactory(email="victim@example.com")

    response = log_in(client, "vıctim@example.com", PASSWORD)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_for_a_spelling_of_the_address_goes_to_the_stored_address(client):
    UserFactory(email=VICTIM)

    client.post(reverse("accounts:password_reset"), {"email": "ſam.victim@example.com"})

    assert [message.to for message in mail.outbox] == [[VICTIM]]


@pytest.mark.django_db
def test_password_reset_sends_nothing_for_a_dotless_i_spelling(client):
    UserFactory(email="victim@example.com")

    client.post(reverse("accounts:password_reset"), {"email": "vıctim@example.com"})

    assert mail.outbox == []


# On PostgreSQL, where UPPER('ı') = 'I'.


@pytest.mark.needs_postgres
@pytest.mark.django_db
def test_postgres_dotless_i_address_does_not_find_the_i_account():
    victim = UserFactory(email="victim@example.com")

    with pytest.raises(User.DoesNotExist):
        User.objects.get_by_natural_key("vıctim@example.com")
    with pytest.raises(User.DoesNotExist):
        User.objects.get_by_natural_key("VICTİM@example.com")
    assert User.objects.get_by_natural_key("VICTIM@example.com") == victim


@pytest.mark.needs_postgres
@pytest.mark.django_db
def test_postgres_dotless_i_spelling_does_not_log_into_the_i_account(client):
    test_dotless_i_spelling_does_not_log_into_the_i_account(client)


@pytest.mark.needs_postgres
@pytest.mark.django_db
def test_postgres_password_reset_sends_nothing_for_a_dotless_i_spelling(client):
    test_password_reset_sends_nothing_for_a_dotless_i_spelling(client)


@pytest.mark.needs_postgres
@pytest.mark.django_db
def test_postgres_an_account_with_dotless_i_does_not_take_the_logins_of_the_i_address(client):
    # An account made before look-alikes were refused.
    impostor = UserFactory(email="bıll@corp.example", password="the impostor's passphrase")
    bill = UserFactory(email="bill@corp.example")

    assert User.objects.get_by_natural_key("bill@corp.example") == bill
    assert User.objects.get_by_natural_key("bıll@corp.example") == impostor
    assert log_in(client, "bill@corp.example", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(bill.pk)


@pytest.mark.needs_postgres
@pytest.mark.django_db
def test_postgres_signup_and_invitation_treat_dotless_i_as_another_address(organisation):
    UserFactory(email="bıll@corp.example")  # made before look-alikes were refused
    invitation = InvitationFactory(organisation=organisation, email="bill@corp.example")

    membership = invitation_accept(token=invitation.token, name="Bill", password=PASSWORD)

    assert membership.user.email == "bill@corp.example"
    with pytest.raises(AccountsError, match="exists already"):
        user_signup(
            email="BILL@corp.example",
            name="Bill",
            password=PASSWORD,
            organisation_name="Corp",
            organisation_slug="corp",
        )
