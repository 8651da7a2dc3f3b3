"""A delivery travels through the real broker to a real Celery worker (CI: Redis) and reaches
the local receiver, signed."""

import hashlib
import hmac

import pytest

from config.celery import app
from tests.workers import wait_for
from webhooks.events import envelope
from webhooks.models import Delivery
from webhooks.services import endpoint_create, event_publish


@pytest.mark.needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_delivers_through_redis_to_the_receiver(redis_worker, receiver):
    from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

    assert app.conf.broker_url.startswith("redis://")
    admin = UserFactory()
    organisation = OrganisationFactory()
    MembershipFactory(user=admin, organisation=organisation, role="admin")
    endpoint = endpoint_create(
        organisation=organisation, url=receiver.url, events=["round.closed"], by=admin
    )
    payload = envelope("round.closed", organisation.slug, {"round": {"id": 1}})

    [delivery_id] = event_publish(
        organisation_id=organisation.pk, event="round.closed", payload=payload
    )  # committed at once: the first attempt is queued

    assert wait_for(lambda: Delivery.objects.filter(pk=delivery_id, state="delivered").exists()), (
        "the worker did not deliver"
    )
    [(_path, headers, body)] = receiver.requests
    timestamp = headers["X-Maturity-Timestamp"]
    mac = hmac.new(endpoint.secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    assert headers["X-Maturity-Signature"] == "sha256=" + mac.hexdigest()
