"""Dashboard speed at 1,000 teams × 20 assessments, against a baseline page of the same app.

Usage: make bench  (or DATABASE_URL=postgres://… .venv/bin/python bench/dashboards.py)

Builds the large organisation on the configured database (once; it is kept), then times
the organisation dashboard, a team dashboard and a comparison of three teams in process
(the full Django request: middleware, views, templates), and a baseline page that runs no
query. Ends with one RESULT line.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
# Timed as production runs, even where `make run`'s .env says DEBUG=1.
os.environ.setdefault("DEBUG", "0")
os.environ["ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from bench import timing  # noqa: E402
from bench.scale import seed_scale  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
WARMUP = 3


def timed(client, url, runs=RUNS):
    return timing.timed(client, url, runs, WARMUP)


def queries(client, url):
    """SQL statements of one request, not counting transaction control (BEGIN, COMMIT)."""
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
    return sum(not q["sql"].startswith(control) for q in captured.captured_queries)


def main():
    call_command("migrate", verbosity=0)
    call_command("load_models", verbosity=0)
    started = time.perf_counter()
    _org, created = seed_scale(slug="bench-1000", teams=1000, assessments=20)
    seed_scale(slug="bench-10", teams=10, assessments=20)
    built = time.perf_counter() - started
    print(
        f"database: {connection.vendor}; organisation {'built' if created else 'kept'} "
        f"in {built:.1f} s"
    )

    baseline_client = Client()
    baseline = timed(baseline_client, "/accounts/login/")
    baseline_queries = queries(baseline_client, "/accounts/login/")

    figures = {}
    for slug in ("bench-1000", "bench-10"):
        client = Client()
        client.force_login(
            User.objects.get(email=f"manager@{slug}.example"),
            backend="django.contrib.auth.backends.ModelBackend",
        )
        pages = {
            "org": f"/o/{slug}/",
            "team": f"/o/{slug}/teams/team-0007/",
            "compare": f"/o/{slug}/compare/?teams=team-0001&teams=team-0002&teams=team-0003",
        }
        for name, url in pages.items():
            figures[(slug, name)] = (*timed(client, url), queries(client, url))

    print(f"{'page':38} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'× baseline':>11}")
    print(
        f"{'baseline (login page, no query)':38} {baseline[0]:10.1f} {baseline[1]:8.1f} "
        f"{baseline_queries:8d} {1:11.1f}"
    )
    for (slug, name), (median, p95, count) in figures.items():
        print(
            f"{slug + ' ' + name:38} {median:10.1f} {p95:8.1f} {count:8d} "
            f"{median / baseline[0]:11.1f}"
        )

    # The same page without the cache of organisation-wide figures (every request computes).
    settings.DASHBOARD_CACHE_SECONDS = 0
    client = Client()
    client.force_login(
        User.objects.get(email="manager@bench-1000.example"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    uncached = timed(client, "/o/bench-1000/")
    uncached_queries = queries(client, "/o/bench-1000/")
    print(
        f"{'bench-1000 org, cache off':38} {uncached[0]:10.1f} {uncached[1]:8.1f} "
        f"{uncached_queries:8d} {uncached[0] / baseline[0]:11.1f}"
    )

    org, team, compare = (figures[("bench-1000", n)] for n in ("org", "team", "compare"))
    scale_ratio = org[0] / figures[("bench-10", "org")][0]
    print(
        f"RESULT org_dashboard_median_ms={org[0]:.1f} org_dashboard_p95_ms={org[1]:.1f} "
        f"org_queries={org[2]} org_dashboard_uncached_median_ms={uncached[0]:.1f} "
        f"org_uncached_queries={uncached_queries} team_dashboard_median_ms={team[0]:.1f} "
        f"compare_median_ms={compare[0]:.1f} baseline_median_ms={baseline[0]:.1f} "
        f"org_baseline_ratio={org[0] / baseline[0]:.1f} scale_ratio={scale_ratio:.2f}"
    )


if __name__ == "__main__":
    main()
