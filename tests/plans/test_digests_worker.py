"""The weekly digest through Redis and a real Celery worker, and the beat schedule's entry
naming a task the worker knows."""

import time

import pytest
from django.conf import settings
from django.core import mail as outbox

from config.celery import app
from config.env import env_int
from plans.models import Action, Digest
from plans.tasks import send_digests
from tests.workers import wait_for


def test_the_beat_entry_names_a_registered_task():
    entry = settings.CELERY_BEAT_SCHEDULE["action-digests"]

    assert entry["task"] == "plans.tasks.send_digests"
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert "plans.digests.send_digest_batch" in app.tasks


def test_the_beat_runs_weekly_on_the_configured_day_and_hour():
    schedule = settings.CELERY_BEAT_SCHEDULE["action-digests"]["schedule"]

    assert schedule.day_of_week == {env_int("DIGEST_WEEKDAY", 1)}
    assert schedule.hour == {env_int("DIGEST_HOUR", 7)} and schedule.minute == {0}


# PostgreSQL too: SQLite's shared in-memory test database locks a table that the worker's
# thread reads while the test writes it.
@pytest.mark.slow  # real processes: `make test` runs it, `make check` does not
@pytest.mark.needs_postgres
@pytest.mark.needs_redis
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_each_owner_one_digest_a_week(redis_worker, team, member, second_member):
    assert app.conf.broker_url.startswith("redis://")
    Action.objects.create(team=team, owner=member, title="Set up a model registry")
    Action.objects.create(team=team, owner=second_member, title="Write a runbook")

    send_digests.delay()
    assert wait_for(lambda: Digest.objects.filter(sent_at__isnull=False).count() == 2)
    assert sorted(m.to[0] for m in outbox.outbox) == [member.email, second_member.email]
    assert all("List-Unsubscribe" in m.extra_headers for m in outbox.outbox)

    send_digests.delay()  # the beat again in the same week: nothing twice
    time.sleep(2)
    assert len(outbox.outbox) == 2 and Digest.objects.count() == 2
