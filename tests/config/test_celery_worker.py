"""Tasks travel through the real broker to a real worker (CI: Redis)."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from accounts.models import Invitation
from accounts.services import invitation_create
from config.celery import app
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def redis_worker():
    app.conf.task_always_eager = False
    # Celery's own ping check needs a result backend; we keep none, so ask over the broker.
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        assert wait_for(lambda: app.control.ping(timeout=0.5)), "the worker did not start"
        yield worker


def wait_for(condition, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.needs_redis
@pytest.mark.django_db(transaction=True)
def test_invitation_email_is_sent_by_a_worker_through_redis(redis_worker):
    assert app.conf.broker_url.startswith("redis://")
    admin = UserFactory()
    organisation = OrganisationFactory()
    MembershipFactory(user=admin, organisation=organisation, role="admin")

    invitation = invitation_create(
        organisation=organisation, email="new@example.com", role="member", teams=[], by=admin
    )

    assert wait_for(
        lambda: Invitation.objects.filter(pk=invitation.pk, email_sent_at__isnull=False).exists()
    ), "the worker did not send the invitation"
    assert [message.to for message in mail.outbox] == [["new@example.com"]]


@pytest.mark.needs_redis
def test_worker_answers_a_ping_through_redis(redis_worker):
    replies = app.control.ping(timeout=5)

    assert replies, "no worker answered"
