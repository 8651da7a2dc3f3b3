"""bench/reports.py at a small size on a PostgreSQL database of its own, so that the benchmark of
the PDF reports keeps working."""

import re

import pytest

from tests.bench_runs import ROOT, empty_database, run_script

pytestmark = pytest.mark.slow

SCRIPT = ROOT / "bench" / "reports.py"
RESULT = re.compile(
    r"^RESULT assessment_report_s=(?P<assessment>[\d.]+) team_report_s=(?P<team>[\d.]+) "
    r"org_report_s=(?P<org>[\d.]+) org_report_pages=(?P<pages>\d+) "
    r"worker_peak_mb=(?P<mb>\d+) baseline_ratio=(?P<ratio>[\d.]+)$",
    re.MULTILINE,
)


@pytest.fixture
def own_database():
    with empty_database("reports") as url:
        yield url


@pytest.mark.needs_postgres
def test_a_small_run_builds_its_data_and_times_each_report(own_database, monkeypatch):
    monkeypatch.setenv("BENCH_REPORTS_TEAMS", "8")
    first = run_script(SCRIPT, own_database, "--runs", "1", "--assessments", "3")
    again = run_script(SCRIPT, own_database, "--runs", "1", "--assessments", "3")  # kept

    for finished in (first, again):
        assert finished.returncode == 0, finished.stdout[-4000:] + finished.stderr[-4000:]
        result = RESULT.search(finished.stdout)
        assert result, finished.stdout[-4000:]
        for name in ("assessment", "team", "org", "ratio"):
            assert float(result[name]) > 0
        assert int(result["pages"]) >= 2 and int(result["mb"]) > 0
        assert finished.stdout.rstrip().splitlines()[-1].startswith("RESULT ")
    assert "reports-bench-8 built" in first.stdout and "reports-bench-8 kept" in again.stdout
    assert "round" in first.stdout and "baseline: one-page PDF" in first.stdout


def test_the_reports_bench_refuses_a_database_other_than_postgresql(tmp_path):
    finished = run_script(SCRIPT, f"sqlite:///{tmp_path / 'db.sqlite3'}", timeout=60)

    assert finished.returncode == 2
    assert "needs PostgreSQL" in finished.stderr
    assert "RESULT" not in finished.stdout
