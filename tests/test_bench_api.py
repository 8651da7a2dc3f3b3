"""bench/api.py at a small size on a PostgreSQL database of its own, with a real Celery worker
on this test process's Redis database, so that the API benchmark keeps working."""

import re

import pytest
from django.conf import settings

from tests.bench_runs import ROOT, empty_database, run_script

pytestmark = pytest.mark.slow

SCRIPT = ROOT / "bench" / "api.py"
RESULT = re.compile(
    r"^RESULT teams_page_median_ms=(?P<ms>[\d.]+) webhooks_(?P<n>\d+)_s=(?P<s>[\d.]+) "
    r"webhooks_lost=(?P<lost>\d+) webhooks_twice=(?P<twice>\d+) "
    r"baseline_ratio=(?P<ratio>[\d.]+)$",
    re.MULTILINE,
)


@pytest.fixture
def own_database():
    with empty_database("api") as url:
        yield url


@pytest.mark.needs_postgres
@pytest.mark.needs_redis
def test_a_small_run_lists_the_scores_and_delivers_every_webhook_once(own_database):
    arguments = ("--teams", "12", "--runs", "2", "--deliveries", "20")
    first = run_script(SCRIPT, own_database, *arguments, redis_url=settings.REDIS_URL)
    again = run_script(SCRIPT, own_database, *arguments, redis_url=settings.REDIS_URL)

    for finished in (first, again):
        assert finished.returncode == 0, finished.stdout[-4000:] + finished.stderr[-4000:]
        result = RESULT.search(finished.stdout)
        assert result, finished.stdout[-4000:]
        assert result["n"] == "20" and result["lost"] == "0" and result["twice"] == "0"
        assert float(result["ms"]) > 0 and float(result["s"]) > 0 and float(result["ratio"]) > 0
        assert "marked delivered 20" in finished.stdout
    assert "api-bench-12 built" in first.stdout and "api-bench-12 kept" in again.stdout


def test_the_api_bench_needs_postgresql_and_redis(tmp_path):
    sqlite = run_script(SCRIPT, f"sqlite:///{tmp_path / 'db.sqlite3'}", timeout=60)
    no_redis = run_script(SCRIPT, "postgres://postgres@127.0.0.1:5432/none", timeout=60)

    assert sqlite.returncode == 2 and "needs PostgreSQL" in sqlite.stderr
    assert no_redis.returncode == 2 and "needs Redis" in no_redis.stderr
