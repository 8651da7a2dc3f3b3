"""The audit log's only write besides recording: deleting what is past its retention."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from audit.models import Entry


def entries_delete_old(*, days: int | None = None) -> int:
    """Delete the entries older than `days` (AUDIT_RETENTION_DAYS); return how many."""
    days = settings.AUDIT_RETENTION_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = Entry.objects.filter(timestamp__lt=cutoff).delete()
    return deleted
