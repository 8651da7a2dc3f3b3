"""Two beat processes running the round jobs at the same moment over many respondents send each
due e-mail exactly once (PostgreSQL: real row locks, real separate connections)."""

import os
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection

from rounds import services
from rounds.models import Mail
from tests.rounds.round_helpers import many_respondents, move, today

ROOT = Path(__file__).resolve().parents[2]
TEAMS, PER_TEAM = 30, 10

# Django set up, then wait for the common start moment, then one run of the jobs.
RUN_AT = """
import os, time, django
django.setup()
from django.core.management import call_command
time.sleep(max(0.0, float(os.environ["START_AT"]) - time.time()))
call_command("run_round_jobs")
"""


def database_url():
    db = connection.settings_dict
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}/{db['NAME']}"


@pytest.mark.slow  # real processes: `make test` runs it, `make check` does not
@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_beat_processes_at_the_same_moment_send_each_e_mail_once(
    organisation, manager, model_in_use, tmp_path
):
    teams, users = many_respondents(organisation, TEAMS, PER_TEAM)
    round_ = services.round_open(
        organisation=organisation,
        label="2027 Q1",
        model=model_in_use,
        opens_on=today() + timedelta(days=1),
        deadline=today() + timedelta(days=14),
        teams=teams,
        by=manager,
    )
    assert not Mail.objects.exists()  # scheduled: nobody invited yet
    # A week on, the beat was down: the invitations are due, and the 3-day reminder.
    move(round_, opened_days_ago=7, days_left=3)
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
    # Each person exactly two e-mails: the invitation and the reminder.
    assert sent_to == {user.email: 2 for user in users}
    for kind in (Mail.Kind.INVITATION, Mail.Kind.REMINDER):
        assert Mail.objects.filter(kind=kind, sent_at__isnull=False).count() == len(users)
    assert not Mail.objects.filter(sent_at=None).exists()
