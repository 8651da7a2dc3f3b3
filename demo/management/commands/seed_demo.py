import os

from django.core.management.base import BaseCommand

from demo.seed import DEMO_PASSWORD, DEMO_PEOPLE, seed_demo


class Command(BaseCommand):
    help = (
        "Create the demo organisation with teams, people and assessments (idempotent). "
        "A large organisation for benchmarks: python bench/scale.py --teams N."
    )

    def handle(self, *args, **options):
        organisation = seed_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo organisation “{organisation.name}” is ready."))
        port = os.environ.get("PORT", "8000")
        self.stdout.write(
            f"Log in at http://127.0.0.1:{port}/accounts/login/ with password {DEMO_PASSWORD!r} as:"
        )
        for email, name, role, _teams in DEMO_PEOPLE:
            self.stdout.write(f"  {email:32} {name} ({role.label})")
