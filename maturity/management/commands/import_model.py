from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from maturity.interchange import ModelImportError, import_model, parse
from maturity.models import MaturityModel
from maturity.spreadsheet import import_workbook, is_workbook


class Command(BaseCommand):
    help = (
        "Validate a maturity model file (JSON or XLSX) and import it in one transaction "
        "(all or nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--organisation", help="slug of the owning organisation (default: global)"
        )
        parser.add_argument("--publish", action="store_true", help="publish it (default: draft)")

    def handle(self, *args, file, organisation=None, publish=False, **options):
        owner = None
        if organisation:
            owner = Organisation.objects.filter(slug=organisation).first()
            if owner is None:
                raise CommandError(f"No organisation “{organisation}”.")
        try:
            raw = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        status = MaturityModel.Status.PUBLISHED if publish else MaturityModel.Status.DRAFT
        try:
            if is_workbook(raw):  # an XLSX file: its problems are named by sheet, row, column
                model = import_workbook(raw, organisation=owner, status=status)
            else:
                model = import_model(parse(raw), organisation=owner, status=status)
        except ModelImportError as error:
            lines = "\n".join(f"  {path}: {message}" for path, message in error.errors)
            raise CommandError(f"{file} was not imported; nothing was stored:\n{lines}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {model.slug} version {model.version} ({model.get_status_display()}), "
                f"{model.characteristics.count()} characteristics."
            )
        )
