from django.conf import settings
from django.core.management.base import BaseCommand

from reports.build import reports_cleanup


class Command(BaseCommand):
    help = "Delete reports (and their files) older than REPORT_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, days=None, **options):
        days = settings.REPORT_RETENTION_DAYS if days is None else days
        removed = reports_cleanup(days=days)
        self.stdout.write(f"Removed {removed} report(s) older than {days} days.")
