"""bench/load.py: a short run against gunicorn and a PostgreSQL database of its own, so that the
load benchmark keeps working; and the check that finds lost saves."""

import importlib.util
import re

import pytest

from bench.load_clients import Save
from tests.bench_runs import ROOT, empty_database, run_script

SCRIPT = ROOT / "bench" / "load.py"
RESULT = re.compile(
    r"^RESULT saves=(?P<saves>\d+) errors=(?P<errors>\d+) lost=(?P<lost>\d+) "
    r"save_p95_ms=(?P<save>[\d.]+) baseline_p95_ms=(?P<baseline>[\d.]+)",
    re.MULTILINE,
)


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_load", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def own_database():
    with empty_database("load") as url:
        yield url


def run_bench(database_url, *arguments, timeout=600):
    return run_script(SCRIPT, database_url, *arguments, timeout=timeout)


@pytest.mark.needs_postgres
def test_a_short_load_run_keeps_every_acknowledged_save(own_database):
    finished = run_bench(own_database, "--duration", "3", "--clients", "5", "--think", "0.2")

    assert finished.returncode == 0, finished.stdout[-4000:] + finished.stderr[-4000:]
    result = RESULT.search(finished.stdout)
    assert result, finished.stdout[-4000:]
    assert int(result["saves"]) >= 5  # at least each respondent's first save
    assert int(result["errors"]) == 0
    assert int(result["lost"]) == 0
    assert float(result["save"]) > 0 and float(result["baseline"]) > 0
    assert finished.stdout.rstrip().splitlines()[-1].startswith("RESULT ")


def test_the_load_bench_refuses_a_database_other_than_postgresql(tmp_path):
    finished = run_bench(f"sqlite:///{tmp_path / 'db.sqlite3'}", timeout=60)

    assert finished.returncode == 2
    assert "needs PostgreSQL" in finished.stderr
    assert "RESULT" not in finished.stdout


def test_lost_counts_each_area_whose_last_acknowledged_save_is_not_stored():
    bench = load_bench()
    people = [bench.Respondent(0, "a@x", 10, "/", 1), bench.Respondent(1, "b@x", 11, "/", 1)]
    one, two, three = ((level, frozenset(), f"save {level}", ()) for level in (1, 2, 3))
    saves = [
        Save(0, 1, "people", one, acknowledged=True),
        Save(0, 2, "people", two, acknowledged=True),
        # Not acknowledged: it may or may not have been applied.
        Save(0, 3, "people", three, acknowledged=False),
        Save(0, 4, "technology", one, acknowledged=True),
        Save(1, 1, "people", one, acknowledged=True),
        Save(1, 2, "data", two, acknowledged=False),  # never acknowledged: no claim
    ]

    def lost(stored):
        return {(client, area) for client, area, *_ in bench.lost_saves(people, saves, stored)}

    everything = {(10, "people"): two, (10, "technology"): one, (11, "people"): one}
    assert lost(everything) == set()
    assert lost({**everything, (10, "people"): three}) == set()  # the later save went through
    assert lost({**everything, (10, "people"): one}) == {(0, "people")}  # an older state
    assert lost({(10, "people"): two, (11, "people"): one}) == {(0, "technology")}  # missing
