import os

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from transfer.document import dumps
from transfer.exporting import organisation_export


class Command(BaseCommand):
    help = (
        "Write all of an organisation's data as JSON (for import_org into another database). "
        "The file holds password hashes: keep it as safe as a database dump."
    )

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="the organisation's short name")
        parser.add_argument("--output", "-o", help="write to this file (default: standard output)")

    def handle(self, *args, organisation, output=None, **options):
        found = Organisation.objects.filter(slug=organisation).first()
        if found is None:
            raise CommandError(f"No organisation “{organisation}”.")
        text = dumps(organisation_export(found))
        if not output:
            self.stdout.write(text, ending="")
            return
        try:
            # Only the owner may read it: it holds password hashes.
            descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                file.write(text)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}") from None
        self.stderr.write(f"Wrote organisation “{found.slug}” to {output}.")
