"""The PDF reports of the 1,000-team organisation: wall time and peak memory per kind, on
PostgreSQL.

Usage: make bench  (or DATABASE_URL=postgres://… .venv/bin/python bench/reports.py
[--teams 1000] [--assessments 8] [--runs 3] [--profile organisation]); with or without
REDIS_URL.

Builds its organisation `reports-bench-<teams>` on the configured database (kept once built)
with bench/scale.py's builder: teams × quarterly submitted assessments with their results
stored, the next steps each team's latest assessment misses (the common gaps), targets for
every fifth team, and a round holding each team's latest assessment; then
ANALYZE. Then each kind of report (assessment, team, organisation, round) is built through
`reports.pdf.build_pdf` in a fresh worker process of its own, as a Celery worker builds it:
once to warm the process (imports, templates, fonts), then `--runs` timed builds (the median
counts; the assessment report, which is cheap, at least 10). Peak memory is the worker
process's resident set (`getrusage(RUSAGE_SELF).ru_maxrss`) after its builds: what the issue
means by memory, the operating system's view, not Python's allocations alone. The baseline, in
the same run and the same kind of process: a one-page PDF (a heading and a paragraph with the
report stylesheet) through WeasyPrint. Targets (issue 18): organisation report ≤ 10 s and
≤ 300 MB at 1,000 teams, assessment report ≤ 0.4 s warm. `--profile KIND` prints where one
warm build of that kind spends its time (cProfile) instead. Ends with one line:
RESULT assessment_report_s=… team_report_s=… org_report_s=… org_report_pages=…
worker_peak_mb=… baseline_ratio=…
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script, only bench/ is on the path
from bench.common import require_postgres, setup_django  # noqa: E402

KINDS = ("assessment", "team", "organisation", "round")
ORG_TARGET_S, ORG_TARGET_MB, ASSESSMENT_TARGET_S = 10.0, 300, 0.4
MIN_CHEAP_RUNS = 10  # the assessment report takes a fraction of a second: time it more often
BASELINE_HTML = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>One page</title>'
    '<link rel="stylesheet" href="static:/css/report.css"></head><body><h1>One page</h1>'
    "<p>A heading and a paragraph: what any PDF costs.</p></body></html>"
)


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = int(os.environ.get("BENCH_REPORTS_TEAMS", "1000"))
    parser.add_argument("--teams", type=int, default=default, help="teams (1000)")
    parser.add_argument("--assessments", type=int, default=8, help="quarters of history (8)")
    parser.add_argument("--runs", type=int, default=3, help="timed builds a kind (3)")
    parser.add_argument("--profile", choices=KINDS, help="profile one warm build of a kind")
    parser.add_argument("--worker", choices=(*KINDS, "baseline"), help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if not 1 <= arguments.teams <= 20_000:
        parser.error("--teams must be 1 to 20000")
    if not 1 <= arguments.assessments <= 200:
        parser.error("--assessments must be 1 to 200")
    if not 1 <= arguments.runs <= 100:
        parser.error("--runs must be 1 to 100")
    return arguments


def build(slug, teams, assessments):
    """The organisation (bench/scale.py), targets and a round of the teams' latest
    assessments; kept once built. Returns (organisation, created)."""
    from django.db import transaction

    from accounts.models import Team, User
    from assessments.models import Assessment, Target
    from assessments.stored import gaps_store
    from bench.scale import seed_scale
    from rounds.models import Entry, Round

    with transaction.atomic():
        organisation, created = seed_scale(slug=slug, teams=teams, assessments=assessments)
        if not created:
            return organisation, False
        manager = User.objects.get(email=f"manager@{slug}.example")
        made = list(Team.objects.filter(organisation=organisation).order_by("pk"))
        # Every fifth team aims at level 2 in two dimensions: "teams below target" is filled.
        Target.objects.bulk_create(
            Target(team=team, dimension_key=key, level=2, set_by=manager)
            for n, team in enumerate(made)
            if n % 5 == 0
            for key in ("process", "technology")
        )
        latest = Assessment.objects.filter(team__organisation=organisation, is_latest=True)
        # The next steps each team has not taken, as submitting stores them: the common gaps
        # ("Where to invest") count over the latest assessments.
        gaps_store(latest.select_related("model"))
        first = latest.first()
        round_ = Round.objects.create(
            organisation=organisation,
            label="Bench round",
            model=first.model,
            opens_on=first.date - timedelta(days=30),
            deadline=first.date,
            opened_by=manager,
        )
        Entry.objects.bulk_create(
            Entry(round=round_, team_id=a.team_id, assessment=a) for a in latest.only("team_id")
        )
    return organisation, True


def report_of(kind, slug):
    """An unsaved Report of the kind, as the worker gets it (build_pdf needs no row)."""
    from accounts.models import Organisation
    from assessments.models import Assessment
    from reports.models import Report
    from rounds.models import Round

    organisation = Organisation.objects.get(slug=slug)
    report = Report(organisation=organisation, kind=kind, language="en")
    # The first team by name with its latest assessment: a long history, a full result.
    latest = (
        Assessment.objects.filter(team__organisation=organisation, is_latest=True)
        .select_related("team", "model")
        .order_by("team__name")
        .first()
    )
    if kind == "assessment":
        report.assessment, report.team = latest, latest.team
    elif kind == "team":
        report.team = latest.team
    elif kind == "round":
        report.round = Round.objects.get(organisation=organisation, label="Bench round")
    return report


def baseline_pdf():
    from reports.pdf import STATIC_SCHEME, static_only_fetcher
    from reports.renderer import ReportHTML

    return ReportHTML(
        string=BASELINE_HTML, base_url=STATIC_SCHEME + "/", url_fetcher=static_only_fetcher()
    ).write_pdf()


def pages_of(pdf):
    from pypdf import PdfReader

    return len(PdfReader(BytesIO(pdf)).pages)


def work(kind, slug, runs):
    """In a worker process: warm, then time `runs` builds; print one JSON line."""
    from reports.pdf import build_pdf

    if kind == "baseline":
        build_one = baseline_pdf
    else:
        report = report_of(kind, slug)

        def build_one():
            return build_pdf(report)

    pdf = build_one()  # warm: imports, templates, fonts, the dashboard cache
    if kind in ("assessment", "baseline"):
        runs = max(runs, MIN_CHEAP_RUNS)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        pdf = build_one()
        times.append(time.perf_counter() - started)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    figures = dict(kind=kind, seconds=statistics.median(times), pages=pages_of(pdf))
    figures.update(peak_mb=peak_mb, size_kb=len(pdf) / 1024, runs=runs)
    print("FIGURES " + json.dumps(figures), flush=True)


def profile(kind, slug):
    """One warm build of the kind under cProfile: the top functions by cumulative time."""
    import cProfile
    import pstats

    from reports.pdf import build_pdf

    report = report_of(kind, slug)
    build_pdf(report)
    profiler = cProfile.Profile()
    profiler.enable()
    build_pdf(report)
    profiler.disable()
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    stats.print_stats(45)


def in_worker(kind, slug, runs):
    """The figures of one kind from a fresh worker process (its own peak memory)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", kind]
    command += ["--runs", str(runs), "--slug", slug]
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    for line in finished.stdout.splitlines():
        if line.startswith("FIGURES "):
            return json.loads(line.removeprefix("FIGURES "))
    sys.exit(f"the {kind} worker failed:\n{finished.stdout[-3000:]}\n{finished.stderr[-3000:]}")


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    slug = None
    if "--slug" in argv:  # a worker's own argument, from in_worker
        at = argv.index("--slug")
        slug = argv[at + 1]
        del argv[at : at + 2]
    arguments = parse_arguments(argv)
    require_postgres("reports.py")
    setup_django()
    if arguments.worker:
        work(arguments.worker, slug, arguments.runs)
        return
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("load_models", verbosity=0)
    slug = f"reports-bench-{arguments.teams}"
    started = time.perf_counter()
    _organisation, created = build(slug, arguments.teams, arguments.assessments)
    with connection.cursor() as cursor:
        # The planner's statistics, as autovacuum keeps them on a live database.
        cursor.execute("ANALYZE")
    cache = "Redis" if settings.REDIS_URL else "local memory"
    print(
        f"database: {connection.vendor}; cache: {cache}; organisation {slug} "
        f"{'built' if created else 'kept'} in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    connection.close()
    if arguments.profile:
        profile(arguments.profile, slug)
        return
    baseline = in_worker("baseline", slug, arguments.runs)
    rows = {kind: in_worker(kind, slug, arguments.runs) for kind in KINDS}
    heading = f"{'median s':>9} {'pages':>6} {'KiB':>7} {'peak MB':>8} {'× baseline':>11}"
    print(f"{'report':28} {heading}")
    for name, figures in (("baseline: one-page PDF", baseline), *rows.items()):
        ratio = figures["seconds"] / baseline["seconds"]
        print(
            f"{name:28} {figures['seconds']:9.3f} {figures['pages']:6d} "
            f"{figures['size_kb']:7.0f} {figures['peak_mb']:8.0f} {ratio:11.1f}  "
            f"({figures['runs']} runs)"
        )
    org, assessment = rows["organisation"], rows["assessment"]
    peak = max(figures["peak_mb"] for figures in rows.values())
    met = (
        org["seconds"] <= ORG_TARGET_S
        and org["peak_mb"] <= ORG_TARGET_MB
        and assessment["seconds"] <= ASSESSMENT_TARGET_S
    )
    print(
        f"{'ok' if met else 'MISSED'}: targets organisation report ≤ {ORG_TARGET_S:.0f} s and "
        f"≤ {ORG_TARGET_MB} MB, assessment report ≤ {ASSESSMENT_TARGET_S} s (at 1,000 teams)"
    )
    print(
        f"RESULT assessment_report_s={assessment['seconds']:.3f} "
        f"team_report_s={rows['team']['seconds']:.3f} org_report_s={org['seconds']:.2f} "
        f"org_report_pages={org['pages']} worker_peak_mb={peak:.0f} "
        f"baseline_ratio={org['seconds'] / baseline['seconds']:.1f}"
    )


if __name__ == "__main__":
    main()
