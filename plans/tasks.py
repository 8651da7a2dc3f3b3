"""Celery tasks of plans: thin, calling plain functions, safe to run twice (a redelivered
message, two beat processes). Sending is `plans.digests.send_digest_batch` (beside what it
wraps, which queues it)."""

from celery import shared_task

from plans import digests
from plans.digests import send_digest_batch  # noqa: F401 - defined beside what it wraps


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_digests():
    """Celery beat, once a week (DIGEST_WEEKDAY, DIGEST_HOUR): each owner's digest."""
    return digests.run()
