"""The REST API at 1,000 teams: the organisation-wide scores listing, and a webhook fan-out of
1,000 deliveries through two Celery worker processes to a local receiver.

Usage: make bench  (or DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python
bench/api.py [--teams 1000] [--runs 30] [--deliveries 1000]).

Builds its organisation `api-bench-<teams>` on the configured PostgreSQL database (kept once
built) with bench/scale.py's builder (teams × two quarters of submitted assessments, scores
stored), then ANALYZE. A read token of the organisation times, in process (the whole Django
request, as bench/gaps.py does), `GET …/scores/?page_size=100` on the first and the last page
(the slower one counts), against `GET …/organisations/<slug>/` (one object: what any API
request costs) in the same run, and counts the listing's queries. Then it starts a receiver on
127.0.0.1 (an HTTP server in this process that answers 200 and notes each delivery's
X-Maturity-Delivery), registers one webhook endpoint for it, starts `celery worker
--concurrency=2`, and records `--deliveries` events in one go (webhooks.services
.events_publish). The time runs from the publishing to the last delivery marked delivered in
the database; lost = deliveries the receiver never got, twice = deliveries it got more than
once. Targets (issue 19): a listing page of 100 teams ≤ 100 ms; 1,000 deliveries ≤ 30 s with
2 worker processes, none lost, none twice. Needs REDIS_URL (the workers' broker). Ends with:
RESULT teams_page_median_ms=… webhooks_1000_s=… webhooks_lost=… webhooks_twice=…
baseline_ratio=…
"""

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script, only bench/ is on the path
from bench.common import counted_queries, require_postgres, setup_django  # noqa: E402
from bench.timing import timed  # noqa: E402

PAGE_TARGET_MS, FAN_OUT_TARGET_S = 100, 30
PAGE_SIZE = 100
# The receiver is this process on 127.0.0.1, over plain HTTP: allowed for this run only.
BENCH_ENV = {
    "WEBHOOKS_ALLOW_PRIVATE": "1",
    "WEBHOOKS_ALLOW_HTTP": "1",
    "API_RATE": "1000000/min",  # the listing is timed, not throttled
}


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teams", type=int, default=1000, help="teams (1000)")
    parser.add_argument("--runs", type=int, default=30, help="requests timed a page (30)")
    parser.add_argument("--deliveries", type=int, default=1000, help="webhook events (1000)")
    parser.add_argument("--timeout", type=float, default=300, help="fan-out limit (300 s)")
    arguments = parser.parse_args(argv)
    if not 1 <= arguments.teams <= 20_000:
        parser.error("--teams must be 1 to 20000")
    if not 1 <= arguments.runs <= 1000 or not 1 <= arguments.deliveries <= 20_000:
        parser.error("--runs must be 1 to 1000 and --deliveries 1 to 20000")
    return arguments


def require_redis():
    if not os.environ.get("REDIS_URL", "").startswith(("redis://", "rediss://")):
        print(
            "bench/api.py needs Redis for its two worker processes: set REDIS_URL=redis://…",
            file=sys.stderr,
        )
        sys.exit(2)


def build(slug, teams):
    """The organisation (bench/scale.py: two quarters a team); kept once built."""
    from django.db import connection

    from bench.scale import seed_scale

    organisation, created = seed_scale(slug=slug, teams=teams, assessments=2)
    if created:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the planner's statistics, as autovacuum keeps them
    return organisation, created


def time_listing(organisation, runs):
    """(baseline ms, listing ms, listing queries): the slower of the first and last page."""
    from django.test import Client

    from api.models import ApiToken
    from api.tokens import token_create

    ApiToken.objects.filter(organisation=organisation, name="bench").delete()
    _token, secret = token_create(organisation=organisation, name="bench", scope="read")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    base = f"/api/v1/organisations/{organisation.slug}/"
    baseline_ms = timed(client, base, runs)[0]
    teams = organisation.teams.filter(archived=False).count()
    last = (teams + PAGE_SIZE - 1) // PAGE_SIZE
    pages = {}
    for page in sorted({1, last}):
        url = f"{base}scores/?page_size={PAGE_SIZE}&page={page}"
        median, _p95 = timed(client, url, runs)
        with counted_queries() as count:
            response = client.get(url)
        rows = len(response.json()["results"])
        pages[page] = (median, count[0], rows)
    return baseline_ms, pages


class Receiver:
    """An HTTP server on 127.0.0.1 that answers 200 and counts each delivery id it gets."""

    def __init__(self):
        self.seen = Counter()
        lock = threading.Lock()
        seen = self.seen

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with lock:
                    seen[self.headers.get("X-Maturity-Delivery")] += 1
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hooks"


def start_worker():
    """`celery worker --concurrency=2` on the configured broker, ready when it answers a ping."""
    from config.celery import app

    app.control.purge()  # nothing left over from another run
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency=2"]
    command += ["--queues=celery", "--loglevel=WARNING", "--without-mingle", "--without-gossip"]
    worker = subprocess.Popen(
        command, cwd=ROOT, env=os.environ.copy(), start_new_session=True, stdout=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(timeout=1):
            return worker
        if worker.poll() is not None:
            sys.exit("the Celery worker stopped while starting")
    stop_worker(worker)
    sys.exit("the Celery worker did not answer within 60 s")


def stop_worker(worker):
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)


def fan_out(organisation, deliveries, timeout):
    """(seconds, delivered, lost, twice) of `deliveries` events to one endpoint."""
    from django.db import transaction

    from webhooks.events import envelope
    from webhooks.models import Delivery, Endpoint
    from webhooks.services import endpoint_create, events_publish

    receiver = Receiver()
    Endpoint.objects.filter(organisation=organisation).delete()  # and their deliveries
    endpoint = endpoint_create(
        organisation=organisation, url=receiver.url, events=["assessment.submitted"], by=None
    )
    worker = start_worker()
    try:
        payloads = [
            (organisation.pk, envelope("assessment.submitted", organisation.slug, {"n": n}))
            for n in range(deliveries)
        ]
        started = time.perf_counter()
        with transaction.atomic():
            ids = events_publish(event="assessment.submitted", payloads=payloads)
        rows = Delivery.objects.filter(endpoint=endpoint, state=Delivery.State.DELIVERED)
        delivered = 0
        while time.perf_counter() - started < timeout:
            delivered = rows.count()
            if delivered >= len(ids):
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        time.sleep(1)  # a delivery sent twice would arrive about now
    finally:
        stop_worker(worker)
        receiver.server.shutdown()
    got = {key: count for key, count in receiver.seen.items() if key}
    lost = sum(1 for pk in ids if str(pk) not in got)
    twice = sum(count - 1 for count in got.values() if count > 1)
    return seconds, delivered, lost, twice


def main(argv=None):
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    require_postgres("api.py")
    require_redis()
    os.environ.update(BENCH_ENV)
    setup_django(test_client=True)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_models", verbosity=0)
    slug = f"api-bench-{arguments.teams}"
    started = time.perf_counter()
    organisation, created = build(slug, arguments.teams)
    print(
        f"organisation {slug} {'built' if created else 'kept'} in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )

    baseline_ms, pages = time_listing(organisation, arguments.runs)
    print(f"{'request':52} {'median ms':>10} {'queries':>8} {'rows':>5} {'× baseline':>11}")
    print(f"{'baseline: GET organisations/<slug>/':52} {baseline_ms:10.1f}")
    for page, (median, queries, rows) in pages.items():
        name = f"GET scores/?page_size={PAGE_SIZE}&page={page}"
        print(f"{name:52} {median:10.1f} {queries:8d} {rows:5d} {median / baseline_ms:11.1f}")
    page_ms = max(median for median, _queries, _rows in pages.values())

    seconds, delivered, lost, twice = fan_out(organisation, arguments.deliveries, arguments.timeout)
    print(
        f"webhooks: {arguments.deliveries} deliveries through 2 worker processes in "
        f"{seconds:.1f} s ({arguments.deliveries / seconds:.0f} a second); marked delivered "
        f"{delivered}, lost {lost}, twice {twice}"
    )
    met = page_ms <= PAGE_TARGET_MS and seconds <= FAN_OUT_TARGET_S and not lost and not twice
    print(
        f"{'ok' if met else 'MISSED'}: targets a listing page of {PAGE_SIZE} teams ≤ "
        f"{PAGE_TARGET_MS} ms; {arguments.deliveries} deliveries ≤ {FAN_OUT_TARGET_S} s, none "
        "lost, none twice"
    )
    print(
        f"RESULT teams_page_median_ms={page_ms:.1f} webhooks_{arguments.deliveries}_s="
        f"{seconds:.1f} webhooks_lost={lost} webhooks_twice={twice} "
        f"baseline_ratio={page_ms / baseline_ms:.1f}"
    )


if __name__ == "__main__":
    main()
