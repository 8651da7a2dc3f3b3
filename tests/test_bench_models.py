"""bench/models.py at a small size on a PostgreSQL database of its own, so that the benchmark of
bringing a model at the size limits keeps working."""

import re

import pytest

from tests.bench_runs import ROOT, empty_database, run_script

pytestmark = pytest.mark.slow

SCRIPT = ROOT / "bench" / "models.py"
RESULT = re.compile(
    r"^RESULT json_import_s=(?P<json>[\d.]+) xlsx_import_s=(?P<xlsx>[\d.]+) "
    r"xlsx_kb=(?P<kb>\d+) xlsx_write_s=[\d.]+ publish_check_s=[\d.]+ "
    r"editor_page_ms=(?P<ms>[\d.]+) editor_queries=(?P<queries>\d+) "
    r"baseline_ratio=(?P<ratio>[\d.]+)$",
    re.MULTILINE,
)


@pytest.fixture
def own_database():
    with empty_database("models") as url:
        yield url


@pytest.mark.needs_postgres
def test_a_small_run_imports_writes_and_edits_the_model_and_runs_again(own_database):
    finished = run_script(SCRIPT, own_database, "--runs", "1", "--areas", "6")

    assert finished.returncode == 0, finished.stdout[-4000:] + finished.stderr[-4000:]
    result = RESULT.search(finished.stdout)
    assert result, finished.stdout[-4000:]
    assert float(result["json"]) > 0 and float(result["xlsx"]) > 0 and int(result["kb"]) > 0
    assert 0 < int(result["queries"]) <= 12
    assert float(result["ms"]) > 0 and float(result["ratio"]) > 0
    assert "10 levels, 6 dimensions, 6 areas, 200 characteristics" in finished.stdout
    again = run_script(SCRIPT, own_database, "--runs", "1", "--areas", "6")
    assert again.returncode == 0, again.stdout[-4000:] + again.stderr[-4000:]
