from django.core.management.base import BaseCommand, CommandError

from maturity.interchange import dumps, export_model, latest_version
from maturity.models import MaturityModel


class Command(BaseCommand):
    help = "Print a maturity model in the interchange format (JSON)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version names the model's version; it replaces Django's own --version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--version", dest="model_version", help="default: the newest")

    def handle(self, *args, slug, model_version=None, **options):
        versions = MaturityModel.objects.filter(slug=slug)
        if model_version:
            versions = versions.filter(version=model_version)
        model = latest_version(list(versions))
        if model is None:
            wanted = f"{slug} version {model_version}" if model_version else slug
            raise CommandError(f"No maturity model {wanted}.")
        self.stdout.write(dumps(export_model(model)), ending="")
