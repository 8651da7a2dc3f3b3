"""`manage.py check_emails` finds the accounts that migration accounts.0003 left to people."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import InvitationFactory, UserFactory


def check_emails():
    out = StringIO()
    try:
        call_command("check_emails", stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


@pytest.mark.django_db
def test_no_problems_says_so():
    UserFactory(email="ada@example.com")

    out, error = check_emails()

    assert "No problems" in out
    assert error is None


@pytest.mark.django_db
def test_lists_colliding_unnormalised_and_look_alike_addresses_and_fails():
    # Stored as they are: the factory does not normalise (rows from before accounts.0003).
    upper = UserFactory(email="Victim@Example.com")
    lower = UserFactory(email="victim@example.com")
    lone = UserFactory(email="Ada@Example.com")
    bill = UserFactory(email="bill@corp.example")
    impostor = UserFactory(email="bıll@corp.example")
    invitation = InvitationFactory(email="bob@exаmple.com")  # Cyrillic а
    UserFactory(email="grace@example.com")

    out, error = check_emails()

    assert (
        f"same address once normalised (victim@example.com): 'Victim@Example.com' "
        f"(id {upper.pk}), 'victim@example.com' (id {lower.pk})"
    ) in out
    assert f"not stored normalised (as ada@example.com): 'Ada@Example.com' (id {lone.pk})" in out
    assert (
        f"look-alike address: 'bıll@corp.example' (id {impostor.pk}), "
        f"looks like 'bill@corp.example' (id {bill.pk})"
    ) in out
    assert f"invitation id {invitation.pk}" in out
    assert "grace" not in out
    assert error == "4 problem(s) with stored e-mail addresses."
