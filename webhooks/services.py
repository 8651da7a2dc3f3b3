"""Writes for webhooks: register, change and remove endpoints; record an event once for
each endpoint that wants it; re-send a delivery. Sending itself is in `sending`."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from webhooks.addresses import url_problem
from webhooks.models import Delivery, Endpoint, Event

if TYPE_CHECKING:
    from accounts.models import Organisation, User

logger = logging.getLogger(__name__)

MAX_ENDPOINTS_PER_ORGANISATION = 20


class WebhookError(Exception):
    """A change the rules forbid; the message is for the user, `field` the form field."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def _clean_events(events: Iterable[str]) -> list[str]:
    known = [value for value, _label in Event.choices]
    chosen = set(events)
    if not chosen:
        raise WebhookError(_("Choose at least one event."), "events")
    if chosen - set(known):
        raise WebhookError(_("Unknown event."), "events")
    return [event for event in known if event in chosen]


def _clean_url(url: str) -> str:
    url = url.strip()
    problem = url_problem(url)
    if problem:
        raise WebhookError(problem, "url")
    return url


@transaction.atomic
def endpoint_create(
    *, organisation: Organisation, url: str, events: Iterable[str], by: User | None
) -> Endpoint:
    """A new endpoint with a new secret. The address is checked (and its name resolved)."""
    events = _clean_events(events)
    url = _clean_url(url)
    if Endpoint.objects.filter(organisation=organisation).count() >= MAX_ENDPOINTS_PER_ORGANISATION:
        raise WebhookError(
            _("An organisation has at most %(count)d webhook endpoints.")
            % {"count": MAX_ENDPOINTS_PER_ORGANISATION}
        )
    return Endpoint.objects.create(organisation=organisation, url=url, events=events, created_by=by)


@transaction.atomic
def endpoint_update(
    *, endpoint: Endpoint, url: str, events: Iterable[str], active: bool
) -> Endpoint:
    endpoint.events = _clean_events(events)
    endpoint.url = _clean_url(url)
    endpoint.active = active
    endpoint.save(update_fields=["events", "url", "active"])
    return endpoint


def endpoint_delete(*, endpoint: Endpoint) -> None:
    """The endpoint and its deliveries' record go; nothing more is sent to it."""
    endpoint.delete()


def events_publish(*, event: str, payloads: Iterable[tuple[int, dict]]) -> list[int]:
    """Record each (organisation id, payload) of one event type once for each of that
    organisation's active endpoints that wants it, in a fixed number of queries, and send the
    first attempts once committed. Returns the deliveries' ids."""
    payloads = list(payloads)
    wanted = {}
    for endpoint in Endpoint.objects.filter(
        organisation_id__in={organisation_id for organisation_id, _payload in payloads},
        active=True,
    ):
        if event in endpoint.events:
            wanted.setdefault(endpoint.organisation_id, []).append(endpoint)
    now = timezone.now()
    rows = [
        Delivery(
            endpoint=endpoint,
            event=event,
            event_id=payload["id"],
            payload=payload,
            next_attempt_at=now,
        )
        for organisation_id, payload in payloads
        for endpoint in wanted.get(organisation_id, [])
    ]
    if not rows:
        return []
    with transaction.atomic():
        deliveries = Delivery.objects.bulk_create(rows, batch_size=1000)
    ids = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: send_soon(ids))
    return ids


def event_publish(*, organisation_id: int, event: str, payload: dict) -> list[int]:
    """One event of one organisation (see `events_publish`)."""
    return events_publish(event=event, payloads=[(organisation_id, payload)])


def send_soon(delivery_ids: Iterable[int]) -> None:
    """Queue the first attempts; a broker that is down leaves them to the beat job."""
    from webhooks.tasks import deliver

    for delivery_id in delivery_ids:
        try:
            deliver.delay(delivery_id)
        except Exception:
            logger.exception("webhook delivery %s left to the beat job", delivery_id)


def delivery_resend(*, delivery: Delivery) -> Delivery:
    """Send the delivery again, from a first attempt: its payload (and event id) unchanged,
    so that a receiver can tell a re-sent event from a new one."""
    with transaction.atomic():
        locked = Delivery.objects.select_for_update().select_related("endpoint").get(pk=delivery.pk)
        if not locked.endpoint.active:
            raise WebhookError(_("The endpoint is switched off; switch it on first."))
        locked.state = Delivery.State.PENDING
        locked.attempts = 0
        locked.next_attempt_at = timezone.now()
        locked.delivered_at = None
        locked.save(update_fields=["state", "attempts", "next_attempt_at", "delivered_at"])
    transaction.on_commit(lambda: send_soon([locked.pk]))
    return locked
