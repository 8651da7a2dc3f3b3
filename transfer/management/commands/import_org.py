import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from transfer.document import BackupError
from transfer.importing import organisation_import


class Command(BaseCommand):
    help = (
        "Create an organisation from an export_org file, in one transaction (all or nothing). "
        "Shared maturity models it uses are created if missing (or must match if present); "
        "people whose e-mail address exists already keep their account."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the export_org file, or - for standard input")

    def handle(self, *args, file, **options):
        try:
            raw = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        try:
            document = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise CommandError(f"{file} was not imported: it is not UTF-8 text.") from None
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{file} was not imported: not valid JSON ({error.msg} at line {error.lineno}, "
                f"column {error.colno})."
            ) from None
        try:
            result = organisation_import(document)
        except BackupError as error:
            raise CommandError(
                f"{file} was not imported; nothing was stored:\n  {error.path}: {error.message}"
            ) from None
        counts = ", ".join(f"{n} {what}" for what, n in result.counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Imported organisation “{result.organisation.slug}”: {counts}.")
        )
        for slug, version in result.created_models:
            self.stdout.write(f"Created maturity model {slug} version {version}.")
        if result.reused_users:
            self.stdout.write(
                "These people had an account here already; it was kept as it is "
                "(name and password unchanged) and given their memberships:"
            )
            for email in result.reused_users:
                self.stdout.write(f"  {email}")
