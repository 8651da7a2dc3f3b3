"""Running a benchmark script at a small size on an empty PostgreSQL database of its own, for
the tests that keep the benchmarks working."""

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def empty_database(suffix):
    """The URL of a database `<configured name>_<suffix>`, created empty, dropped afterwards."""
    import psycopg

    configured = settings.DATABASES["default"]
    name = f"{configured['NAME'].removeprefix('test_')}_{suffix}"
    params = {
        "dbname": "postgres",
        "user": configured["USER"] or None,
        "password": configured["PASSWORD"] or None,
        "host": configured["HOST"] or None,
        "port": configured["PORT"] or None,
        "autocommit": True,
    }
    params = {key: value for key, value in params.items() if value is not None}
    with psycopg.connect(**params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield settings.DATABASE_URL.split("?")[0].rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(**params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_script(script, database_url, *arguments, timeout=600, redis_url=""):
    """The script's run on `database_url`, without Redis (the embedded way) unless given
    `redis_url`: this test process's own Redis database, taken as it is (the script is no
    test worker, so it must not move to another's)."""
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url}
    env.pop("PYTEST_XDIST_WORKER", None)
    return subprocess.run(
        [sys.executable, str(script), *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
