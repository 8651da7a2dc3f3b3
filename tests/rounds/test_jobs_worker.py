"""A round's e-mails through Redis and a real Celery worker: invitations when it opens, the
beat task's reminders, and the note to the facilitator after the last answer."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail as outbox

from config.celery import app
from rounds.models import Mail
from rounds.tasks import run_round_jobs
from tests.answers import answer_everything
from tests.rounds.round_helpers import assessment_of, move, open_round
from tests.workers import wait_for


def sent(kind):
    return Mail.objects.filter(kind=kind, sent_at__isnull=False).count()


# PostgreSQL too: SQLite's shared in-memory test database locks a table that the worker's
# thread reads while the test writes it.
@pytest.mark.slow  # real processes: `make test` runs it, `make check` does not
@pytest.mark.needs_postgres
@pytest.mark.needs_redis
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_invitations_reminders_and_notes(
    redis_worker, organisation, team, manager, member, second_member, model_in_use
):
    assert app.conf.broker_url.startswith("redis://")
    round_ = open_round(organisation, [team], manager, model_in_use, days_left=14)

    assert wait_for(lambda: sent(Mail.Kind.INVITATION) == 2), "no invitations sent"
    assert sorted(m.to[0] for m in outbox.outbox) == [member.email, second_member.email]

    move(round_, opened_days_ago=10, days_left=3)
    run_round_jobs.delay()
    assert wait_for(lambda: sent(Mail.Kind.REMINDER) == 2), "no reminders sent"
    reminders = [m for m in outbox.outbox if "List-Unsubscribe" in m.extra_headers]
    assert sorted(m.to[0] for m in reminders) == [member.email, second_member.email]

    assessment = assessment_of(round_, team)
    answer_everything(assessment, member, level=1)
    answer_everything(assessment, second_member, level=4)
    assert wait_for(lambda: sent(Mail.Kind.TEAM_DONE) + sent(Mail.Kind.DISAGREEMENT) == 2)
    assert [m.to[0] for m in outbox.outbox].count(manager.email) == 2

    run_round_jobs.delay()  # the next beat: nothing is due twice
    time.sleep(2)
    assert len(outbox.outbox) == 6 and Mail.objects.count() == 6


@pytest.mark.slow
@pytest.mark.needs_postgres
@pytest.mark.needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_celery_beat_process_drives_the_reminders(
    redis_worker, tmp_path, organisation, team, manager, member, second_member, model_in_use
):
    """The schedule in settings, run by a real `celery beat` (docker-compose's command), every
    second here: its run_round_jobs reaches the worker, which sends the due reminders once."""
    round_ = open_round(organisation, [team], manager, model_in_use, days_left=14)
    assert wait_for(lambda: sent(Mail.Kind.INVITATION) == 2), "no invitations sent"
    move(round_, opened_days_ago=10, days_left=1)
    beat = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO"]
        + ["--schedule", str(tmp_path / "schedule"), "--pidfile", str(tmp_path / "beat.pid")],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "ROUND_JOBS_SECONDS": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        assert wait_for(lambda: sent(Mail.Kind.REMINDER) == 2, seconds=60), "beat sent nothing"
        time.sleep(3)  # further beats: nothing is due twice
    finally:
        beat.terminate()
        log = beat.communicate(timeout=20)[0].decode()
    assert "rounds.tasks.run_round_jobs" in log
    reminders = [m for m in outbox.outbox if "List-Unsubscribe" in m.extra_headers]
    assert sorted(m.to[0] for m in reminders) == [member.email, second_member.email]
    assert Mail.objects.filter(kind=Mail.Kind.REMINDER).count() == 2
