"""Spreadsheet exports at 1,000 teams × 20 assessments, against the writers they replaced.

Usage: DATABASE_URL=postgres://… .venv/bin/python bench/exports.py [--runs 1]  (or make bench)

Builds the large organisation of bench/dashboards.py on the configured database (once; it is
kept), then times in a fresh process each: the CSV and XLSX downloads as a manager gets them
(the whole Django request, the streamed body read to the end), and as the baseline, measured
in the same run, the writers they replaced: the XLSX built in an ordinary openpyxl workbook
from the CSV's text, and openpyxl's write-only mode, which was the first idea. Prints each
one's time, peak memory (of its process: Django and the data included) and file size, and
ends with one RESULT line (`xlsx_ratio`: today's XLSX time over the one before).
"""

import argparse
import csv
import io
import multiprocessing
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("DEBUG", "0")  # timed as production runs
os.environ["ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import Organisation, User  # noqa: E402
from bench.scale import seed_scale  # noqa: E402
from reports.exports import CSV_COLUMNS, result_rows, results_csv  # noqa: E402

SLUG = "bench-1000"
NUMERIC = {"respondents", "level", "new_next", "score", "dimension_score", "dimension_level"}
NUMERIC |= {"overall_score", "overall_level"}


def manager_client():
    client = Client()
    client.force_login(
        User.objects.get(email=f"manager@{SLUG}.example"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return client


def download(format, client=None):
    response = (client or manager_client()).get(f"/o/{SLUG}/results.{format}")
    assert response.status_code == 200, response.status_code
    return response.getvalue()


def old_xlsx():
    """The writer before: every cell of the CSV's text in an ordinary openpyxl workbook."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    rows = list(csv.reader(io.StringIO(results_csv(Organisation.objects.get(slug=SLUG)))))
    sheet.append(rows[0])
    for row in rows[1:]:
        sheet.append(
            [
                (float(value) if "." in value else int(value))
                if name in NUMERIC and value
                else value
                for name, value in zip(rows[0], row, strict=True)
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_only_xlsx():
    """openpyxl's write-only mode with the rows of today's export."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Results")
    sheet.append(CSV_COLUMNS)
    for row in result_rows(Organisation.objects.get(slug=SLUG)):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


WRITERS = {
    "csv": lambda: download("csv"),
    "csv before (whole text in memory)": lambda: results_csv(
        Organisation.objects.get(slug=SLUG)
    ).encode(),
    "xlsx": lambda: download("xlsx"),
    "xlsx, openpyxl write-only": write_only_xlsx,
    "xlsx before (openpyxl workbook)": old_xlsx,
}


def _measure(name, results):
    started = time.perf_counter()
    size = len(WRITERS[name]())
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results.put((seconds, peak_mb, size))


def measure(name):
    """Seconds, peak resident megabytes and bytes of one export, in a process of its own."""
    connections.close_all()  # the child opens its own connection
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_measure, args=(name, results))
    child.start()
    figures = results.get()
    child.join()
    assert child.exitcode == 0, name
    return figures


def queries(format):
    """SQL statements of one download by a logged-in manager, without BEGIN and COMMIT."""
    client = manager_client()
    download(format, client)  # the first request of a session writes the session
    with CaptureQueriesContext(connection) as captured:
        download(format, client)
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
    return sum(not q["sql"].startswith(control) for q in captured.captured_queries)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs of each (the median counts)")
    args = parser.parse_args(argv)
    call_command("migrate", verbosity=0)
    call_command("load_models", verbosity=0)
    started = time.perf_counter()
    _organisation, created = seed_scale(slug=SLUG, teams=1000, assessments=20)
    print(
        f"database: {connection.vendor}; organisation {'built' if created else 'kept'} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    figures = {}
    for name in WRITERS:
        runs = [measure(name) for _ in range(args.runs)]
        figures[name] = (
            statistics.median(r[0] for r in runs),
            max(r[1] for r in runs),
            runs[0][2],
        )
    counts = {format: queries(format) for format in ("csv", "xlsx")}
    baseline = figures["xlsx before (openpyxl workbook)"][0]
    print(f"{'export (1,000 teams × 20 assessments)':38} {'s':>7} {'peak MB':>8} {'file MB':>8}")
    for name, (seconds, peak, size) in figures.items():
        print(f"{name:38} {seconds:7.1f} {peak:8.0f} {size / 1e6:8.1f}")
    csv_s, xlsx_s = figures["csv"][0], figures["xlsx"][0]
    write_only_s = figures["xlsx, openpyxl write-only"][0]
    csv_before_s = figures["csv before (whole text in memory)"][0]
    print(
        f"RESULT xlsx_s={xlsx_s:.2f} xlsx_before_s={baseline:.2f} "
        f"xlsx_ratio={xlsx_s / baseline:.3f} xlsx_write_only_s={write_only_s:.2f} "
        f"csv_s={csv_s:.2f} csv_before_s={csv_before_s:.2f} "
        f"csv_ratio={csv_s / csv_before_s:.3f} csv_peak_mb={figures['csv'][1]:.0f} "
        f"csv_before_peak_mb={figures['csv before (whole text in memory)'][1]:.0f} "
        f"xlsx_peak_mb={figures['xlsx'][1]:.0f} "
        f"xlsx_before_peak_mb={figures['xlsx before (openpyxl workbook)'][1]:.0f} "
        f"csv_queries={counts['csv']} xlsx_queries={counts['xlsx']}"
    )


if __name__ == "__main__":
    main()
