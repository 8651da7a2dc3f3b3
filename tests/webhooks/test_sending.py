"""Deliveries: signed as documented, retried with back-off up to a day, recorded, never sent
twice once delivered, re-sent on request."""

import hashlib
import hmac
import json
import socket
from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError
from django.utils import timezone

from webhooks import sending, services, tasks
from webhooks.events import envelope
from webhooks.models import Delivery


def publish(organisation, capture, event="assessment.submitted", data=None):
    payload = envelope(event, organisation.slug, data or {"assessment": {"id": 7}})
    with capture(execute=True):
        ids = services.event_publish(organisation_id=organisation.pk, event=event, payload=payload)
    return ids


def verify(secret, headers, body):
    """What a receiver does: recompute the signature over "<timestamp>.<body>"."""
    timestamp = headers["X-Maturity-Timestamp"]
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(headers["X-Maturity-Signature"], "sha256=" + expected.hexdigest())


@pytest.mark.django_db
def test_a_delivery_is_signed_so_that_the_receiver_can_check_it(
    organisation, endpoint, receiver, django_capture_on_commit_callbacks
):
    [delivery_id] = publish(organisation, django_capture_on_commit_callbacks)

    [(path, headers, body)] = receiver.requests
    assert path == "/hooks?source=maturity"
    assert verify(endpoint.secret, headers, body)
    assert not verify("whsec_another", headers, body)
    assert headers["X-Maturity-Event"] == "assessment.submitted"
    assert headers["X-Maturity-Delivery"] == str(delivery_id)
    assert headers["Content-Type"] == "application/json"
    sent = json.loads(body)
    assert sent["type"] == "assessment.submitted"
    assert sent["organisation"] == "acme"
    assert sent["data"] == {"assessment": {"id": 7}}
    delivery = Delivery.objects.get(pk=delivery_id)
    assert str(delivery.event_id) == sent["id"]
    assert (delivery.state, delivery.last_status, delivery.attempts) == ("delivered", 200, 1)
    assert delivery.delivered_at is not None and delivery.next_attempt_at is None


@pytest.mark.django_db
def test_a_tampered_body_fails_the_signature(
    organisation, endpoint, receiver, django_capture_on_commit_callbacks
):
    publish(organisation, django_capture_on_commit_callbacks)
    [(_path, headers, body)] = receiver.requests

    assert not verify(endpoint.secret, headers, body.replace(b'"id":7', b'"id":8'))
    headers = {**headers, "X-Maturity-Timestamp": str(int(headers["X-Maturity-Timestamp"]) + 1)}
    assert not verify(endpoint.secret, headers, body)


@pytest.mark.django_db
def test_failed_attempts_back_off_from_a_minute_to_a_day_then_fail(
    organisation, endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.statuses = [500] * 20
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        [delivery_id] = publish(organisation, django_capture_on_commit_callbacks)
        delays = []
        delivery = Delivery.objects.get(pk=delivery_id)
        while delivery.state == Delivery.State.PENDING:
            assert (delivery.last_status, delivery.last_error) == (500, "HTTP 500")
            wait = delivery.next_attempt_at - timezone.now()
            delays.append(wait)
            traveller.shift(wait - timedelta(seconds=1))
            assert tasks.send_due.delay().get() == 0  # not due yet: nothing sent
            traveller.shift(timedelta(seconds=1))
            assert tasks.send_due.delay().get() == 1
            delivery.refresh_from_db()

    assert delays == sending.BACKOFF
    assert [d.total_seconds() for d in delays] == [60, 300, 1800, 7200, 21600, 86400]
    assert delivery.state == Delivery.State.FAILED
    assert delivery.attempts == 7 == len(receiver.requests)
    assert delivery.next_attempt_at is None


@pytest.mark.django_db
def test_a_retry_that_succeeds_is_delivered(
    organisation, endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.statuses = [503]
    [delivery_id] = publish(organisation, django_capture_on_commit_callbacks)
    with time_machine.travel(timezone.now() + timedelta(minutes=1, seconds=1), tick=False):
        tasks.send_due.delay()

    delivery = Delivery.objects.get(pk=delivery_id)
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("delivered", 2, 200)
    assert delivery.last_error == ""
    first, second = receiver.requests
    assert first[2] == second[2]  # the same body, the same event id
    assert verify(endpoint.secret, second[1], second[2])


@pytest.mark.django_db
def test_a_duplicated_task_never_sends_a_delivered_one_twice(
    organisation, endpoint, receiver, django_capture_on_commit_callbacks
):
    [delivery_id] = publish(organisation, django_capture_on_commit_callbacks)

    assert sending.delivery_attempt(delivery_id) is None
    tasks.deliver.delay(delivery_id)
    with time_machine.travel(timezone.now() + timedelta(days=3), tick=False):
        assert tasks.send_due.delay().get() == 0
    assert len(receiver.requests) == 1
    assert Delivery.objects.get(pk=delivery_id).attempts == 1


@pytest.mark.django_db
def test_a_delivery_claimed_by_one_task_is_not_sent_by_another(organisation, endpoint, receiver):
    payload = envelope("round.opened", "acme", {"round": {"id": 1}})
    [delivery_id] = services.event_publish(  # not committed: no first attempt yet
        organisation_id=organisation.pk, event="round.opened", payload=payload
    )
    claimed = sending._claim(delivery_id)  # one worker took it and is sending it

    assert claimed.attempts == 1
    assert sending.delivery_attempt(delivery_id) is None  # a second copy of the task
    assert receiver.requests == []


@pytest.mark.django_db
def test_an_unreachable_endpoint_is_recorded_and_retried(organisation, admin):
    with socket.socket() as unused:  # a port nobody listens on
        unused.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{unused.getsockname()[1]}/"
    endpoint = services.endpoint_create(
        organisation=organisation, url=url, events=["action.done"], by=admin
    )
    payload = envelope("action.done", "acme", {"action": {"id": 1}})
    [delivery_id] = services.event_publish(
        organisation_id=organisation.pk, event="action.done", payload=payload
    )

    delivery = sending.delivery_attempt(delivery_id)

    assert delivery.state == Delivery.State.PENDING
    assert delivery.last_status is None
    assert "ConnectionRefusedError" in delivery.last_error
    assert delivery.attempts == 1 and delivery.endpoint == endpoint


@pytest.mark.django_db
def test_an_event_is_recorded_once_per_endpoint(organisation, endpoint):
    payload = envelope("round.closed", "acme", {"round": {"id": 1}})
    services.event_publish(organisation_id=organisation.pk, event="round.closed", payload=payload)

    with pytest.raises(IntegrityError):
        Delivery.objects.create(
            endpoint=endpoint, event="round.closed", event_id=payload["id"], payload=payload
        )


@pytest.mark.django_db
def test_only_active_endpoints_that_want_the_event_get_it(organisation, admin, endpoint):
    services.endpoint_create(
        organisation=organisation, url="https://93.184.215.14/", events=["round.opened"], by=admin
    )
    off = services.endpoint_create(
        organisation=organisation, url="https://93.184.215.15/", events=["action.done"], by=admin
    )
    services.endpoint_update(endpoint=off, url=off.url, events=off.events, active=False)
    payload = envelope("action.done", "acme", {"action": {"id": 1}})

    ids = services.event_publish(
        organisation_id=organisation.pk, event="action.done", payload=payload
    )

    assert list(Delivery.objects.filter(pk__in=ids).values_list("endpoint", flat=True)) == [
        endpoint.pk
    ]


@pytest.mark.django_db
def test_resend_sends_the_same_event_again_from_a_first_attempt(
    organisation, endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.statuses = [500]
    [delivery_id] = publish(organisation, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(pk=delivery_id)
    assert delivery.state == "pending"

    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_resend(delivery=delivery)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("delivered", 1, 200)

    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_resend(delivery=delivery)  # a delivered one, sent again on request
    assert len(receiver.requests) == 3
    assert len({body for _p, _h, body in receiver.requests}) == 1
    assert len({headers["X-Maturity-Delivery"] for _p, headers, _b in receiver.requests}) == 1
