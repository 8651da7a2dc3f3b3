from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maturity.interchange import ModelImportError, import_model, parse, same_content
from maturity.models import MaturityModel

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


class Command(BaseCommand):
    help = "Load every maturity model shipped in maturity/fixtures/ (idempotent)."

    def handle(self, *args, **options):
        for path in sorted(FIXTURES.glob("*.json")):
            data = parse(path.read_bytes())
            # Shipped models are compared with shipped ones only: an organisation's own
            # version of the same slug never stops a deploy.
            existing = MaturityModel.objects.filter(
                organisation=None, slug=data.get("slug"), version=data.get("version")
            ).first()
            if existing is not None:
                if not same_content(existing, data):
                    raise CommandError(
                        f"{path.name}: {existing.slug} version {existing.version} is loaded "
                        "already with other content. A published version never changes: "
                        "put the change into a new version."
                    )
                self.stdout.write(f"{path.name}: {existing.slug} {existing.version} is loaded")
                continue
            try:
                model = import_model(data, status=MaturityModel.Status.PUBLISHED)
            except ModelImportError as error:
                raise CommandError(f"{path.name}: {error}") from None
            self.stdout.write(
                self.style.SUCCESS(f"{path.name}: loaded {model.slug} {model.version}")
            )
