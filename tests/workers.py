"""A real Celery worker in the test process, reading the real broker (CI: Redis)."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app


def wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def redis_worker():
    app.conf.task_always_eager = False
    app.control.purge()  # nothing left over from another run
    # Celery's own ping check needs a result backend; we keep none, so ask over the broker.
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        assert wait_for(lambda: app.control.ping(timeout=0.5)), "the worker did not start"
        yield worker
