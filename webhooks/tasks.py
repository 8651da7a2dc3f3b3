"""Webhook deliveries from Celery: one task per attempt, and a beat job every minute that
sends what is due (retries, and first attempts a broker outage or a crash left behind).
Retries are scheduled re-sends, never a sleeping task, so eager tasks return at once."""

from celery import shared_task

from webhooks.sending import delivery_attempt, due_deliveries


@shared_task(acks_late=True, reject_on_worker_lost=True)
def deliver(delivery_id: int) -> None:
    delivery_attempt(delivery_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_due() -> int:
    ids = due_deliveries()
    for delivery_id in ids:
        deliver.delay(delivery_id)
    return len(ids)
