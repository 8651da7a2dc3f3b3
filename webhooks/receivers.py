"""What webhooks hear from the write side: assessments submitted or reopened, rounds opened or
closed, actions done. Each signal comes once the change has committed; the event is recorded
for the endpoints that want it. A failure here is logged and never reaches the person whose
change it was: their change is saved."""

import logging

from django.dispatch import receiver

from assessments.signals import assessment_reopened, assessment_submitted
from plans.signals import action_done
from rounds.signals import round_closed, round_opened
from webhooks import events
from webhooks.models import Event
from webhooks.services import events_publish

logger = logging.getLogger(__name__)


def _publish(event, found):
    event = str(event)
    try:
        events_publish(
            event=event,
            payloads=[
                (organisation_id, events.envelope(event, slug, data))
                for organisation_id, slug, data in found()
            ],
        )
    except Exception:
        logger.exception("webhook event %s was not recorded", event)


def _one(row):
    return [row] if row is not None else []


@receiver(assessment_submitted)
def assessment_submitted_publish(sender, assessment_ids, **kwargs):
    _publish(Event.ASSESSMENT_SUBMITTED, lambda: events.assessment_data(assessment_ids))


@receiver(assessment_reopened)
def assessment_reopened_publish(sender, assessment_ids, **kwargs):
    _publish(Event.ASSESSMENT_REOPENED, lambda: events.assessment_data(assessment_ids))


@receiver(round_opened)
def round_opened_publish(sender, round_id, **kwargs):
    _publish(Event.ROUND_OPENED, lambda: _one(events.round_data(round_id)))


@receiver(round_closed)
def round_closed_publish(sender, round_id, **kwargs):
    _publish(Event.ROUND_CLOSED, lambda: _one(events.round_data(round_id)))


@receiver(action_done)
def action_done_publish(sender, action_id, **kwargs):
    _publish(Event.ACTION_DONE, lambda: _one(events.action_data(action_id)))
