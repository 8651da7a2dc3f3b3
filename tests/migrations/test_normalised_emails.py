"""accounts.0003 stores addresses normalised, and leaves accounts that would collide alone.

The test database is migrated back to accounts.0002, given rows as they could be before
(mixed case, ſ, a pair that is one address once normalised), and migrated forward again.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.migrations.helpers import migrate, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("accounts", "0002_name_control_characters")]
AFTER = [("accounts", "0003_normalised_emails")]


@pytest.fixture
def old_apps():
    yield migrate(BEFORE)
    migrate_to_latest()


def test_migration_normalises_addresses_and_reports_colliding_accounts(old_apps, capsys):
    User = old_apps.get_model("accounts", "User")
    Organisation = old_apps.get_model("accounts", "Organisation")
    Invitation = old_apps.get_model("accounts", "Invitation")
    emails = [
        "Victim@Example.com",
        "victim@example.com",
        "Ada@Example.COM",
        "ſam@example.com",
        "bıll@corp.example",
    ]
    users = {email: User.objects.create(email=email, password="!") for email in emails}
    organisation = Organisation.objects.create(name="Acme", slug="acme")
    invitation = Invitation.objects.create(
        organisation=organisation,
        email="New.Person@Example.com",
        expires_at=timezone.now() + timedelta(days=1),
    )

    new_apps = migrate(AFTER)

    stored = dict(new_apps.get_model("accounts", "User").objects.values_list("pk", "email"))
    assert {email: stored[user.pk] for email, user in users.items()} == {
        # One address once normalised: both left as they were, neither merged nor removed.
        "Victim@Example.com": "Victim@Example.com",
        "victim@example.com": "victim@example.com",
        "Ada@Example.COM": "ada@example.com",
        "ſam@example.com": "sam@example.com",
        "bıll@corp.example": "bıll@corp.example",  # already normalised; check_emails names it
    }
    invitations = new_apps.get_model("accounts", "Invitation").objects
    assert invitations.get(pk=invitation.pk).email == "new.person@example.com"
    output = capsys.readouterr().out
    pair = users["Victim@Example.com"].pk, users["victim@example.com"].pk
    assert (
        f"victim@example.com: 'Victim@Example.com' (id {pair[0]}), "
        f"'victim@example.com' (id {pair[1]})"
    ) in output
    assert "check_emails" in output
    assert "ada@example.com" not in output


def test_migration_without_collisions_says_nothing(old_apps, capsys):
    old_apps.get_model("accounts", "User").objects.create(email="Ada@Example.com", password="!")

    new_apps = migrate(AFTER)

    assert new_apps.get_model("accounts", "User").objects.get().email == "ada@example.com"
    assert capsys.readouterr().out == ""
