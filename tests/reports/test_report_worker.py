"""PDF reports built by real Celery workers through Redis."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection

from assessments import services
from config.celery import app
from reports import services as report_services
from reports.models import Report
from tests.answers import answer_everything

ROOT = Path(__file__).resolve().parents[2]


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def state(report):
    return Report.objects.values_list("state", flat=True).get(pk=report.pk)


@pytest.fixture
def submitted(assessment, member, manager):
    answer_everything(assessment, member, level=2)
    services.assessment_submit(assessment=assessment, by=manager)
    return assessment


@pytest.mark.needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_builds_every_kind_of_report(submitted, organisation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert wait_for(lambda: app.control.ping(timeout=0.5)), "the worker did not start"
        reports = [
            report_services.report_order(
                organisation=organisation,
                kind="assessment",
                assessment=submitted,
                by=None,
                language="de",
            ),
            report_services.report_order(
                organisation=organisation, kind="team", team=submitted.team, by=None, language="en"
            ),
            report_services.report_order(
                organisation=organisation, kind="organisation", by=None, language="en"
            ),
        ]
        assert wait_for(lambda: all(state(r) == "done" for r in reports)), [
            state(r) for r in reports
        ]
    for report in reports:
        report.refresh_from_db()
        assert report.size > 1000 and Path(report.file.path).exists()


def pending_builds(report_id):
    """Messages that would build the report again: queued, or taken and not acknowledged."""
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    found = []
    queued = client.lrange("celery", 0, -1) + client.lrange("reports", 0, -1)
    for raw in queued + client.hvals("unacked"):
        message = json.loads(raw)
        if isinstance(message, list):  # unacked: [message, exchange, routing key]
            message = message[0]
        headers = message.get("headers") or {}
        if headers.get("task") == "reports.tasks.build_report" and headers.get("argsrepr") == repr(
            (report_id,)
        ):
            found.append(headers.get("id"))
    return found


def database_url():
    db = connection.settings_dict
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}/{db['NAME']}"


@pytest.mark.needs_postgres
@pytest.mark.needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_report_leaves_it_redelivered_and_finished_once(
    submitted, organisation, tmp_path
):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(tmp_path),
        "REPORT_SLOWDOWN_SECONDS": "3",
        "DEBUG": "0",
        "SECRET_KEY": "worker-test-key",
    }
    # REDIS_URL is this test process's own already: the worker must not move it on again.
    env.pop("PYTEST_XDIST_WORKER", None)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--loglevel=INFO",
            "-n",
            f"killtest-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        report = report_services.report_order(
            organisation=organisation, kind="team", team=submitted.team, by=None, language="en"
        )
        assert wait_for(lambda: state(report) == "running", 60), (
            "the worker did not start the report"
        )
        children = subprocess.run(
            ["pgrep", "-P", str(worker.pid)], capture_output=True, text=True
        ).stdout.split()
        assert children, "no pool process to kill"
        for child in children:
            os.kill(int(child), signal.SIGKILL)  # the process building the report dies

        assert wait_for(lambda: state(report) == "done", 90), state(report)
        report.refresh_from_db()
        assert report.progress == 100
        files = list(Path(tmp_path).rglob("*.pdf"))
        assert [f.name for f in files] == [Path(report.file.name).name]  # built once to the end
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
    assert "WorkerLostError" in output or "Worker exited prematurely" in output
    # Finished once: one run to the end after the killed one, and (the worker has shut
    # down, putting back what it had not acknowledged) nothing left that would build it again.
    finished = [
        line for line in output.splitlines() if "build_report[" in line and " succeeded " in line
    ]
    assert len(finished) == 1, output
    assert pending_builds(report.pk) == []
    assert Report.objects.count() == 1
