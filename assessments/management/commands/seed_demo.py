import os
import time

from django.core.management.base import BaseCommand, CommandError

from assessments.demo import DEMO_PASSWORD, DEMO_PEOPLE, seed_demo
from assessments.scale import seed_scale


class Command(BaseCommand):
    help = (
        "Create the demo organisation with teams, people and assessments (idempotent). "
        "With --teams: a large organisation for benchmarks instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--teams", type=int, help="build a large organisation of this many teams"
        )
        parser.add_argument(
            "--assessments", type=int, default=20, help="quarters of history per team"
        )
        parser.add_argument("--organisation", default="scale", help="its short name (with --teams)")

    def handle(self, *args, teams=None, assessments=20, organisation="scale", **options):
        if teams is not None:
            if not 1 <= teams <= 100_000 or not 1 <= assessments <= 200:
                raise CommandError("--teams must be 1 to 100000 and --assessments 1 to 200.")
            started = time.monotonic()
            org, created = seed_scale(slug=organisation, teams=teams, assessments=assessments)
            verb = "Created" if created else "Kept the existing"
            self.stdout.write(
                f"{verb} organisation “{org.slug}”: {teams} teams × {assessments} assessments "
                f"in {time.monotonic() - started:.1f} s."
            )
            return
        organisation = seed_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo organisation “{organisation.name}” is ready."))
        port = os.environ.get("PORT", "8000")
        self.stdout.write(
            f"Log in at http://127.0.0.1:{port}/accounts/login/ with password {DEMO_PASSWORD!r} as:"
        )
        for email, name, role, _teams in DEMO_PEOPLE:
            self.stdout.write(f"  {email:32} {name} ({role.label})")
