"""What rounds tell whoever listens (webhooks): a round was opened or closed.

Sent with `round_id` once the transaction commits; rounds know nothing of the listeners.
"""

from django.db import transaction
from django.dispatch import Signal

round_opened = Signal()
round_closed = Signal()


def round_opened_on_commit(round_id: int) -> None:
    transaction.on_commit(lambda: round_opened.send(sender=round_opened, round_id=round_id))


def round_closed_on_commit(round_id: int) -> None:
    transaction.on_commit(lambda: round_closed.send(sender=round_closed, round_id=round_id))
