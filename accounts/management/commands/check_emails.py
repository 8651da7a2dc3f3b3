from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError

from accounts.addresses import email_problem, normalise_email
from accounts.models import Invitation, User


def old_match_key(email):
    """What a case-insensitive lookup compared: PostgreSQL's UPPER() maps ı to I, so
    "bıll@…" and "bill@…" were one login there."""
    return normalise_email(normalise_email(email).upper())


class Command(BaseCommand):
    help = (
        "List accounts whose e-mail addresses collide once normalised, are not stored "
        "normalised, or could pass for another address; exit 1 if there are any."
    )

    def handle(self, *args, **options):
        users = list(User.objects.only("pk", "email").order_by("pk"))
        problems = []
        by_address, by_old_key = defaultdict(list), defaultdict(list)
        for user in users:
            by_address[normalise_email(user.email)].append(user)
            by_old_key[old_match_key(user.email)].append(user)
        for address, same in by_address.items():
            if len(same) > 1:
                problems.append(f"same address once normalised ({address}): {listed(same)}")
            elif same[0].email != address:
                problems.append(f"not stored normalised (as {address}): {listed(same)}")
        for user in users:
            if email_problem(user.email):
                others = [u for u in by_old_key[old_match_key(user.email)] if u != user]
                like = f", looks like {listed(others)}" if others else ""
                problems.append(f"look-alike address: {listed([user])}{like}")
        for invitation in Invitation.objects.filter(
            accepted_at__isnull=True, revoked_at__isnull=True
        ).order_by("pk"):
            if email_problem(invitation.email):
                problems.append(
                    f"open invitation to a look-alike address: {invitation.email!r} "
                    f"(invitation id {invitation.pk}, organisation id {invitation.organisation_id})"
                )
        if not problems:
            self.stdout.write("No problems with the stored e-mail addresses.")
            return
        for problem in problems:
            self.stdout.write(problem)
        raise CommandError(f"{len(problems)} problem(s) with stored e-mail addresses.")


def listed(users):
    return ", ".join(f"{user.email!r} (id {user.pk})" for user in users)
