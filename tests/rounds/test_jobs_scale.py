"""The reminder job over 5,000 respondents (1,000 teams × 5) on PostgreSQL: recording and
queueing take seconds and a fixed number of queries; the figures are printed (pytest -s)."""

import time
from datetime import timedelta

import pytest
from django.core import mail as outbox
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rounds import jobs, services
from rounds.models import Mail
from tests.rounds.round_helpers import many_respondents, move, today

TEAMS, PER_TEAM = 1000, 5


@pytest.mark.slow
@pytest.mark.needs_postgres
def test_reminding_5000_respondents(
    organisation, manager, model_in_use, django_capture_on_commit_callbacks
):
    teams, _users = many_respondents(organisation, TEAMS, PER_TEAM)
    started = time.perf_counter()
    with django_capture_on_commit_callbacks() as queued:
        round_ = services.round_open(
            organisation=organisation,
            label="2027 Q1",
            model=model_in_use,
            opens_on=today(),
            deadline=today() + timedelta(days=14),
            teams=teams,
            by=manager,
        )
    open_s = time.perf_counter() - started
    # The invitations' batches of 100, and the round.opened signal (webhooks).
    assert len(queued) == TEAMS * PER_TEAM // 100 + 1
    Mail.objects.update(sent_at=timezone.now())  # the invitations went out
    move(round_, opened_days_ago=10, days_left=3)

    started = time.perf_counter()
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks() as queued,
    ):
        done = jobs.run()
    job_s = time.perf_counter() - started
    assert Mail.objects.filter(kind=Mail.Kind.REMINDER).count() == TEAMS * PER_TEAM
    assert len(queued) == TEAMS * PER_TEAM // 100 and done["reminded"] == 1
    assert len(queries) < 30

    # Sending, in process: the first 1,000 (the rest take as long each; a worker sends them).
    started = time.perf_counter()
    for send_batch in queued[:10]:
        send_batch()
    send_ms = (time.perf_counter() - started) * 1000 / 1000
    assert len(outbox.outbox) == 1000

    started = time.perf_counter()
    with django_capture_on_commit_callbacks() as queued:
        jobs.run()
    again_s = time.perf_counter() - started
    assert queued == []  # nothing new is due; the unsent ones are not yet stuck

    print(
        f"\nRESULT open_round_s={open_s:.2f} reminder_job_s={job_s:.2f} "
        f"reminder_job_queries={len(queries)} send_ms_per_mail={send_ms:.1f} "
        f"second_run_s={again_s:.2f}"
    )
    assert job_s < 10
