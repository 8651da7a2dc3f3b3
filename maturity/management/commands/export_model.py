from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from maturity.interchange import dumps, export_model, latest_version
from maturity.models import MaturityModel
from maturity.spreadsheet import workbook_of


class Command(BaseCommand):
    help = (
        "Print a maturity model in the interchange format (JSON), or write it to a file: "
        "JSON, or an XLSX workbook when the file's name ends in .xlsx."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version names the model's version; it replaces Django's own --version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--version", dest="model_version", help="default: the newest")
        parser.add_argument(
            "--organisation", help="slug of the organisation it belongs to (default: shipped)"
        )
        parser.add_argument(
            "--output", type=Path, help="a file to write (*.xlsx: a workbook); default: stdout"
        )

    def handle(self, *args, slug, model_version=None, organisation=None, output=None, **options):
        owner = None
        if organisation:
            owner = Organisation.objects.filter(slug=organisation).first()
            if owner is None:
                raise CommandError(f"No organisation “{organisation}”.")
        # Each organisation has its own names; without one, only the shipped models count.
        versions = MaturityModel.objects.filter(organisation=owner, slug=slug)
        if model_version:
            versions = versions.filter(version=model_version)
        model = latest_version(list(versions))
        if model is None:
            wanted = f"{slug} version {model_version}" if model_version else slug
            raise CommandError(f"No maturity model {wanted}.")
        if output is None:
            self.stdout.write(dumps(export_model(model)), ending="")
        elif output.suffix.lower() == ".xlsx":
            output.write_bytes(workbook_of(model))
        else:
            output.write_text(dumps(export_model(model)), encoding="utf-8")
