"""Two processes sending the weekly digests at the same moment (two beat processes, or cron
beside beat) over many owners send each digest exactly once (PostgreSQL: real row locks, real
separate connections)."""

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from plans import digests
from plans.models import Action, Digest
from tests.rounds.round_helpers import many_respondents
from tests.rounds.test_jobs_concurrency import database_url

ROOT = Path(__file__).resolve().parents[2]
TEAMS, PER_TEAM = 25, 10  # 250 owners: three batches for each process to race for

# Django set up, then wait for the common start moment, then one run.
RUN_AT = """
import os, time, django
django.setup()
from django.core.management import call_command
time.sleep(max(0.0, float(os.environ["START_AT"]) - time.time()))
call_command("send_action_digests")
"""


@pytest.mark.slow  # real processes: `make test` runs it, `make check` does not
@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_processes_at_the_same_moment_send_each_digest_once(organisation, tmp_path):
    teams, users = many_respondents(organisation, TEAMS, PER_TEAM)
    Action.objects.bulk_create(
        Action(team=teams[n // PER_TEAM], owner=user, title=f"Action {k} of {user.email}")
        for n, user in enumerate(users)
        for k in range(2)
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "ENV_FILE": "",
        "DEBUG": "0",
        "SECRET_KEY": "concurrency-test-key",
        "LOG_LEVEL": "WARNING",
        "START_AT": str(time.time() + 4),
    }
    for name in ("REDIS_URL", "EMAIL_HOST", "PYTEST_XDIST_WORKER"):
        env.pop(name, None)  # in process, e-mails on the console (stdout)
    # Output to files, not pipes: a full pipe would stall a process inside its transaction.
    logs = [(tmp_path / f"out{n}.txt", tmp_path / f"err{n}.txt") for n in range(2)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", RUN_AT],
            cwd=ROOT,
            env=env,
            stdout=out.open("w"),
            stderr=err.open("w"),
        )
        for out, err in logs
    ]
    for process in processes:
        process.wait(timeout=120)
    outputs = [(out.read_text(), err.read_text()) for out, err in logs]

    for process, (_out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
    sent_to = Counter(
        line.removeprefix("To: ")
        for out, _err in outputs
        for line in out.splitlines()
        if line.startswith("To: ")
    )
    assert sent_to == {user.email: 1 for user in users}
    week = digests.week_of()
    assert Digest.objects.filter(week=week, sent_at__isnull=False).count() == len(users)
    assert not Digest.objects.filter(sent_at=None).exists()
