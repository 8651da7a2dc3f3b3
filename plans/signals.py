"""What plans tell whoever listens (webhooks): an action became done.

Sent with `action_id` once the transaction commits; plans know nothing of the listeners.
"""

from django.db import transaction
from django.dispatch import Signal

action_done = Signal()


def action_done_on_commit(action_id: int) -> None:
    transaction.on_commit(lambda: action_done.send(sender=action_done, action_id=action_id))
