from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load every maturity model shipped with the application (idempotent)."

    def handle(self, *args, **options):
        # The seed model and its import arrive with the model-as-data issue; `make run`
        # and deployments already call this command so that nothing changes for them then.
        self.stdout.write("No maturity models are shipped yet; nothing to load.")
