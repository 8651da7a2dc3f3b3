"""Autosave under load: concurrent respondents against gunicorn and PostgreSQL.

Usage: make bench  (or DATABASE_URL=postgres://… .venv/bin/python bench/load.py [--duration 60]
[--clients 50] [--max-saves N] [--think 1.0] [--workers N])

Sets up its own organisation in the configured PostgreSQL database (teams of five, one open
assessment per team), starts gunicorn as docker-compose.yml's web service does, bound to
127.0.0.1 on a free port, and logs each respondent in with its own cookies. For `--duration`
seconds (and at most `--max-saves` saves) every respondent then autosaves a random area as the
answering page does (an htmx POST of the area's whole form) and pauses about `--think` seconds,
as a person clicking through the page would. Meanwhile baseline clients, one per five
respondents with the same pauses, fetch the login page as a visitor without a session: the full
middleware stack, a view and a template, and no query. Afterwards the last acknowledged save of
every (respondent, area) must be what the database holds.

Ends with one line: RESULT saves=… errors=… lost=… save_p95_ms=… baseline_p95_ms=… and exits
1 if any save failed or was lost (latency is reported, not enforced here).
"""

import argparse
import os
import secrets
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_clients import (  # noqa: E402
    PASSWORD,
    REQUEST_TIMEOUT,
    Run,
    Tally,
    baseline_loop,
    free_port,
    median,
    p95,
    respondent_loop,
    server_milliseconds,
    start_gunicorn,
    stop,
    wait_for_health,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script, only bench/ is on the path
from bench.common import require_postgres, setup_django  # noqa: E402

ORGANISATION = "load-bench"
TEAM_SIZE = 5


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (60)")
    parser.add_argument("--clients", type=int, default=50, help="respondents saving (50)")
    parser.add_argument("--max-saves", type=int, default=100_000, help="stop after this many")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean pause between a client's requests (1.0 s)"
    )
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers"
    )
    arguments = parser.parse_args(argv)
    if not 0 < arguments.duration <= 3600 or not 1 <= arguments.clients <= 500:
        parser.error("--duration must be in (0, 3600] and --clients in [1, 500]")
    if arguments.max_saves < 1 or arguments.think < 0 or arguments.workers < 1:
        parser.error("--max-saves and --workers must be positive, --think not negative")
    return arguments


# --- Data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Respondent:
    number: int
    email: str
    user_id: int
    answer_path: str  # …/assessments/<pk>/answer/; the area key follows
    assessment_id: int


def prepare(clients):
    """The organisation, its teams, respondents and open assessments; made afresh each run."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction

    from accounts.models import Membership, Organisation, Role, Team, User
    from assessments import selectors, services
    from maturity.models import MaturityModel

    call_command("migrate", verbosity=0)
    call_command("load_models", verbosity=0)
    model = MaturityModel.objects.get(
        slug="mlops", organisation=None, status=MaturityModel.Status.PUBLISHED
    )
    with transaction.atomic():
        Organisation.objects.filter(slug=ORGANISATION).delete()
        User.objects.filter(email__endswith=f"@{ORGANISATION}.example").delete()
        organisation = Organisation.objects.create(slug=ORGANISATION, name="Load test")
        organisation.models_in_use.add(model)
        manager = User.objects.create_user(
            email=f"manager@{ORGANISATION}.example", name="Load Manager", password=None
        )
        Membership.objects.create(user=manager, organisation=organisation, role=Role.MANAGER)
        password = make_password(PASSWORD)  # hashed once: the hasher is slow on purpose
        users = User.objects.bulk_create(
            User(email=f"respondent-{n:03d}@{ORGANISATION}.example", password=password)
            for n in range(clients)
        )
        respondents = []
        for start in range(0, clients, TEAM_SIZE):
            team = Team.objects.create(
                organisation=organisation,
                slug=f"team-{start // TEAM_SIZE + 1:02d}",
                name=f"Team {start // TEAM_SIZE + 1}",
            )
            assessment = services.assessment_start(
                team=team, model=model, label="Load", date=date.today(), by=manager
            )
            path = f"/o/{ORGANISATION}/teams/{team.slug}/assessments/{assessment.pk}/answer/"
            for n, user in enumerate(users[start : start + TEAM_SIZE], start=start):
                membership = Membership.objects.create(
                    user=user, organisation=organisation, role=Role.MEMBER
                )
                membership.teams.add(team)
                respondents.append(Respondent(n, user.email, user.pk, path, assessment.pk))
    structures = selectors.area_models([model.pk])[model.pk]
    return respondents, {area.key: area for area in structures}


def stored_answers(respondents):
    from assessments.models import Answer

    rows = Answer.objects.filter(
        assessment_id__in={r.assessment_id for r in respondents}
    ).values_list("respondent_id", "area__key", "level", "ticked", "comment", "evidence")
    return {
        (user, area): (level, frozenset(ticked), comment, tuple(evidence))
        for user, area, level, ticked, comment, evidence in rows
    }


# --- Checking -----------------------------------------------------------------------------


def lost_saves(respondents, saves, stored):
    """(respondent, area) pairs whose last acknowledged save is not what the database holds.

    A save sent after it that got no acknowledgement may or may not have been applied, so
    its state is accepted too; any other stored state, or none, counts as lost.
    """
    user_ids = {r.number: r.user_id for r in respondents}
    by_pair = {}
    for save in sorted(saves, key=lambda s: (s.client, s.number)):
        if save.area:
            by_pair.setdefault((save.client, save.area), []).append(save)
    lost = []
    for (client, area), history in by_pair.items():
        acknowledged = [n for n, save in enumerate(history) if save.acknowledged]
        if not acknowledged:
            continue
        last = acknowledged[-1]
        accepted = {history[last].state} | {save.state for save in history[last + 1 :]}
        if stored.get((user_ids[client], area)) not in accepted:
            lost.append((client, area, history[last].state, stored.get((user_ids[client], area))))
    return lost


# --- Main ---------------------------------------------------------------------------------


def report_progress(tally, began, stop_at, every, saving):
    """A line every `every` seconds until the time is up or no respondent saves any more."""
    next_line = began + every
    while time.monotonic() < stop_at and saving():
        time.sleep(0.1)
        if time.monotonic() < next_line and saving():
            continue
        next_line += every
        with tally.lock:
            saves = list(tally.saves)
            baseline = [ms for ms, _ok in tally.baseline]
        errors = sum(not s.acknowledged for s in saves)
        print(
            f"  {time.monotonic() - began:5.0f} s: saves={len(saves)} errors={errors} "
            f"save_p95_ms={p95([s.milliseconds for s in saves if s.timed and s.area]):.1f} "
            f"baseline_p95_ms={p95(baseline):.1f}",
            flush=True,
        )


def run_load(port, respondents, areas, arguments):
    tally = Tally(budget=arguments.max_saves)
    run = Run(
        tally=tally,
        expected=len(respondents),
        login_slots=threading.Semaphore(arguments.workers),
    )
    respondent_threads = [
        threading.Thread(target=respondent_loop, args=(port, r, areas, arguments, run))
        for r in respondents
    ]
    threads = respondent_threads + [
        threading.Thread(target=baseline_loop, args=(port, n, arguments, run))
        for n in range(max(1, len(respondents) // 5))
    ]
    for thread in threads:
        thread.daemon = True
        thread.start()
    # Logging in is not measured.
    if not run.everyone_ready.wait(timeout=60 + 2 * len(respondents)):
        print("  not every respondent could log in in time", flush=True)
    run.deadline = time.monotonic() + arguments.duration
    began = time.monotonic()
    run.started.set()
    print(f"  {run.ready} respondents logged in; load runs", flush=True)
    every = max(1.0, min(10.0, arguments.duration / 6))
    report_progress(
        tally, began, run.deadline, every, lambda: any(t.is_alive() for t in respondent_threads)
    )
    run.deadline = min(run.deadline, time.monotonic())  # the saves' budget may end it early
    for thread in threads:
        thread.join(timeout=REQUEST_TIMEOUT + 2 * arguments.think + 5)
    if any(thread.is_alive() for thread in threads):
        tally.fail("a client did not finish within the request timeout")
    return tally


def main(argv=None):
    arguments = parse_arguments(argv)
    require_postgres("load.py", " Its data is replaced on every run.")
    setup_django(secret_key=secrets.token_urlsafe(40))
    from django.db import connection

    print(
        f"load: {arguments.clients} respondents for {arguments.duration:g} s (at most "
        f"{arguments.max_saves} saves), pauses of {arguments.think:g} s on average, gunicorn "
        f"with {arguments.workers} workers; {os.cpu_count()} cores shared by gunicorn, "
        "PostgreSQL and this load generator",
        flush=True,
    )
    print(f"  machine load average before: {os.getloadavg()[0]:.1f}", flush=True)
    respondents, areas = prepare(arguments.clients)
    connection.close()  # not held open while the server works
    port = free_port()
    with tempfile.NamedTemporaryFile(prefix="load-gunicorn-", suffix=".log") as log:
        server = start_gunicorn(port, arguments.workers, log)
        try:
            wait_for_health(server, port, log.name)
            tally = run_load(port, respondents, areas, arguments)
        finally:
            stop(server)
        print(f"  machine load average after: {os.getloadavg()[0]:.1f}", flush=True)
        stored = stored_answers(respondents)
        with tally.lock:
            saves = list(tally.saves)
            baseline = list(tally.baseline)
        lost = lost_saves(respondents, saves, stored)
        errors = sum(not save.acknowledged for save in saves)
        errors += sum(not ok for _ms, ok in baseline)
        for failure in tally.failures:
            print(f"  error: {failure}")
        for client, area, expected, found in lost[:10]:
            print(f"  lost: respondent {client}, {area}: acknowledged {expected}, stored {found}")
        log.seek(0)
        log_text = log.read().decode(errors="replace")
        if errors or lost:
            print(f"  gunicorn log (end):\n{log_text[-3000:]}")
    server_saves, server_baseline = server_milliseconds(log_text)
    timed = [save.milliseconds for save in saves if save.area and save.timed]
    baseline_ms = [ms for ms, _ok in baseline]
    print(
        f"  medians: save_ms={median(timed):.1f} baseline_ms={median(baseline_ms):.1f}"
        f"; in a worker (without waiting for one): save_median_ms={median(server_saves):.1f} "
        f"save_p95_ms={p95(server_saves):.1f} baseline_p95_ms={p95(server_baseline):.1f}"
    )
    save_p95 = p95(timed)
    baseline_p95 = p95(baseline_ms)
    print(
        f"RESULT saves={sum(1 for save in saves if save.area)} errors={errors} lost={len(lost)} "
        f"save_p95_ms={save_p95:.1f} baseline_p95_ms={baseline_p95:.1f} "
        f"ratio={save_p95 / max(baseline_p95, 0.001):.1f}",
        flush=True,
    )
    return 1 if errors or lost else 0


if __name__ == "__main__":
    sys.exit(main())
