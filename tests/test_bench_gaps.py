"""bench/gaps.py at a small size on a PostgreSQL database of its own, so that the benchmark of
the common gaps page keeps working."""

import re

import pytest

from tests.bench_runs import ROOT, empty_database, run_script

pytestmark = pytest.mark.slow

SCRIPT = ROOT / "bench" / "gaps.py"
RESULT = re.compile(
    r"^RESULT gaps_median_ms=(?P<ms>[\d.]+) gaps_queries=(?P<queries>\d+) "
    r"baseline_ratio=(?P<ratio>[\d.]+)$",
    re.MULTILINE,
)


@pytest.fixture
def own_database():
    with empty_database("gaps") as url:
        yield url


@pytest.mark.needs_postgres
def test_a_small_run_builds_its_data_and_times_the_common_gaps(own_database, monkeypatch):
    monkeypatch.setenv("BENCH_GAPS_TEAMS", "12")
    first = run_script(SCRIPT, own_database, "--runs", "2")
    again = run_script(SCRIPT, own_database, "--runs", "2")  # the organisation is kept

    for finished in (first, again):
        assert finished.returncode == 0, finished.stdout[-4000:] + finished.stderr[-4000:]
        result = RESULT.search(finished.stdout)
        assert result, finished.stdout[-4000:]
        assert 0 < int(result["queries"]) <= 10
        assert float(result["ms"]) > 0 and float(result["ratio"]) > 0
        assert finished.stdout.rstrip().splitlines()[-1].startswith("RESULT ")
    assert "gaps-bench-12 built" in first.stdout and "gaps-bench-12 kept" in again.stdout


def test_the_gaps_bench_refuses_a_database_other_than_postgresql(tmp_path):
    finished = run_script(SCRIPT, f"sqlite:///{tmp_path / 'db.sqlite3'}", timeout=60)

    assert finished.returncode == 2
    assert "needs PostgreSQL" in finished.stderr
    assert "RESULT" not in finished.stdout
