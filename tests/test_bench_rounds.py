"""bench/rounds.py at a small size on a PostgreSQL database of its own, so that the benchmark of
opening a round and of its progress page keeps working."""

import re

import pytest

from tests.bench_runs import ROOT, empty_database, run_script

pytestmark = pytest.mark.slow

SCRIPT = ROOT / "bench" / "rounds.py"
RESULT = re.compile(
    r"^RESULT open_round_s=(?P<open>[\d.]+) progress_median_ms=(?P<progress>[\d.]+) "
    r"progress_queries=(?P<queries>\d+) baseline_ratio=(?P<ratio>[\d.]+) "
    r"open_round_queries=(?P<open_queries>\d+) mails_queued=(?P<queued>\d+)",
    re.MULTILINE,
)


@pytest.fixture
def own_database():
    with empty_database("rounds") as url:
        yield url


def run_bench(database_url, *arguments, timeout=600):
    return run_script(SCRIPT, database_url, *arguments, timeout=timeout)


@pytest.mark.needs_postgres
def test_a_small_run_opens_a_round_queues_its_mails_and_times_its_progress(own_database):
    arguments = ("--teams", "12", "--respondents", "3", "--runs", "2")
    first = run_bench(own_database, *arguments)
    again = run_bench(own_database, *arguments)  # the organisation is kept, the round opened anew

    for finished in (first, again):
        assert finished.returncode == 0, finished.stdout[-4000:] + finished.stderr[-4000:]
        result = RESULT.search(finished.stdout)
        assert result, finished.stdout[-4000:]
        assert int(result["queued"]) == 36  # every invitation, queued, none sent
        assert int(result["open_queries"]) < 40  # not one a team
        assert 0 < int(result["queries"]) <= 12
        assert float(result["open"]) > 0 and float(result["progress"]) > 0
        assert finished.stdout.rstrip().splitlines()[-1].startswith("RESULT ")
    assert "built" in first.stdout and "kept" in again.stdout


def test_the_rounds_bench_refuses_a_database_other_than_postgresql(tmp_path):
    finished = run_bench(f"sqlite:///{tmp_path / 'db.sqlite3'}", timeout=60)

    assert finished.returncode == 2
    assert "needs PostgreSQL" in finished.stderr
    assert "RESULT" not in finished.stdout
