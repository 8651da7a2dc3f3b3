"""Stores every e-mail address in its normalised form (NFKC, lower case).

Accounts whose addresses become the same once normalised are left as they are, not merged:
the migration lists them, and `manage.py check_emails` finds them later (docs/operations.md).
"""

import unicodedata
from collections import defaultdict

import accounts.addresses
from django.db import migrations, models


def normalise(email):
    # A copy of accounts.addresses.normalise_email as it was when this migration was written.
    return unicodedata.normalize("NFKC", (email or "").strip()).lower()


def normalise_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Invitation = apps.get_model("accounts", "Invitation")
    by_address = defaultdict(list)
    for user in User.objects.only("pk", "email").order_by("pk").iterator():
        by_address[normalise(user.email)].append(user)
    changed, collisions = [], []
    for address, users in by_address.items():
        if len(users) > 1:
            collisions.append((address, users))
            continue
        if users[0].email != address:
            users[0].email = address
            changed.append(users[0])
    User.objects.bulk_update(changed, ["email"], batch_size=500)
    invitations = []
    for invitation in Invitation.objects.only("pk", "email").iterator():
        if invitation.email != normalise(invitation.email):
            invitation.email = normalise(invitation.email)
            invitations.append(invitation)
    Invitation.objects.bulk_update(invitations, ["email"], batch_size=500)
    if collisions:
        print(
            "\n  accounts.0003: these accounts have the same e-mail address once normalised;"
            " they were left unchanged, not merged. Merge or rename them by hand, then run"
            " `manage.py check_emails`:"
        )
        for address, users in collisions:
            listed = ", ".join(f"{user.email!r} (id {user.pk})" for user in users)
            print(f"    {address}: {listed}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_name_control_characters"),
    ]

    operations = [
        migrations.AlterField(
            model_name="invitation",
            name="email",
            field=models.EmailField(
                max_length=254,
                validators=[accounts.addresses.unambiguous_email],
                verbose_name="e-mail address",
            ),
        ),
        migrations.AlterField(
            model_name="user",
            name="email",
            field=models.EmailField(
                max_length=254,
                unique=True,
                validators=[accounts.addresses.unambiguous_email],
                verbose_name="e-mail address",
            ),
        ),
        migrations.RunPython(normalise_addresses, migrations.RunPython.noop),
    ]
