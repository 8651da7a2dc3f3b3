"""Tasks travel through the real broker to a real worker (CI: Redis)."""

import pytest
from django.core import mail

from accounts.models import Invitation
from accounts.services import invitation_create
from config.celery import app
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.workers import wait_for


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
