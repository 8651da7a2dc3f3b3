from django.core.management.base import BaseCommand

from audit.services import entries_delete_old


class Command(BaseCommand):
    help = "Delete the audit log entries older than AUDIT_RETENTION_DAYS (or --days)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, days=None, **options):
        deleted = entries_delete_old(days=days)
        self.stdout.write(f"{deleted} audit log entries deleted.")
