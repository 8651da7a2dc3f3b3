import json

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from reports.exports import results_csv, results_export


class Command(BaseCommand):
    help = "Print an organisation's assessments and results as JSON or CSV."

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="the organisation's short name")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, organisation, format, **options):
        found = Organisation.objects.filter(slug=organisation).first()
        if found is None:
            raise CommandError(f"No organisation “{organisation}”.")
        if format == "csv":
            self.stdout.write(results_csv(found), ending="")
        else:
            self.stdout.write(json.dumps(results_export(found), ensure_ascii=False, indent=2))
