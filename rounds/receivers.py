"""What rounds listen to on the write side of assessments."""

import logging

from django.dispatch import receiver

from assessments.signals import answer_recorded

logger = logging.getLogger(__name__)


@receiver(answer_recorded)
def answer_recorded_note_facilitator(sender, assessment_id, **kwargs):
    """Sent on commit; the task decides whether a note is due (most answers need none)."""
    from rounds.tasks import facilitator_notes

    try:
        facilitator_notes.delay(assessment_id)
    except Exception:  # the broker is down: the answer is saved, the beat job notes it later
        logger.exception("facilitator note for assessment %s left to the beat job", assessment_id)
