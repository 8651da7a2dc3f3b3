"""The common gaps page at 1,000 teams × the MLOps model (82 characteristics), on PostgreSQL.

Usage: make bench  (or DATABASE_URL=postgres://… .venv/bin/python bench/gaps.py [--teams 1000]
[--runs 30]); with or without REDIS_URL.

Builds its organisation `gaps-bench-<teams>` on the configured database (kept once built):
teams with two submitted assessments each (an older one and the latest), answered at varied
levels with some of the next step's characteristics ticked, their results and next-step gaps
stored by the service that stores them on submit (`results_store`); live and dropped actions
for some of the gaps; targets for some teams; then ANALYZE, as autovacuum would. Then, as the
organisation's manager, through the real page (the whole Django request, in process), it
times the common gaps page, the median of `--runs` requests after 3 warm-ups, counts its
queries, and measures a baseline page in the same run: the organisation's team list.
Targets (issue 17): ≤ 150 ms in ≤ 10 queries. Ends with one line:
RESULT gaps_median_ms=… gaps_queries=… baseline_ratio=…
"""

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script, only bench/ is on the path
from bench.common import counted_queries, require_postgres, setup_django  # noqa: E402

TARGET_MS, MAX_QUERIES = 150, 10


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = int(os.environ.get("BENCH_GAPS_TEAMS", "1000"))
    parser.add_argument("--teams", type=int, default=default, help="teams (1000)")
    parser.add_argument("--runs", type=int, default=30, help="requests timed a page (30)")
    arguments = parser.parse_args(argv)
    if not 1 <= arguments.teams <= 20_000:
        parser.error("--teams must be 1 to 20000")
    if not 1 <= arguments.runs <= 1000:
        parser.error("--runs must be 1 to 1000")
    return arguments


def _answers(structures, team_number, shift):
    """(area key, level, ticked) of each area for the n-th team: levels spread over the model,
    and every third of the next step's characteristics ticked (varying with the team)."""
    answers = []
    for index, structure in enumerate(structures):
        level = (team_number + index + shift) % structure.top_level
        new_next = structure.new_next(structure.reached(level))
        ticked = [k for i, k in enumerate(new_next) if (i + team_number) % 3 == 0]
        answers.append((structure.key, level, ticked))
    return answers


def build(slug, teams):
    """The organisation, its manager and teams with results, actions and targets; kept."""
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Membership, Organisation, Role, Team, User
    from assessments import stored
    from assessments.models import Answer, Assessment, StepGap, Target
    from assessments.selectors import ModelDisplay
    from maturity.models import MaturityModel
    from plans.models import Action

    found = Organisation.objects.filter(slug=slug).first()
    if found is not None:
        return found, False
    model = MaturityModel.objects.get(slug="mlops", version="1", organisation=None)
    display = ModelDisplay.of(model)
    structures = display.area_models()
    areas = {key: area.pk for key, area in display.areas.items()}
    with transaction.atomic():
        organisation = Organisation.objects.create(slug=slug, name=f"Gaps bench ({teams})")
        organisation.models_in_use.add(model)
        manager = User.objects.create_user(email=f"manager@{slug}.example", name="Manager")
        Membership.objects.create(user=manager, organisation=organisation, role=Role.MANAGER)
        made = Team.objects.bulk_create(
            [
                Team(organisation=organisation, slug=f"team-{n:05d}", name=f"Team {n:05d}")
                for n in range(teams)
            ],
            batch_size=2000,
        )
        now = timezone.now()
        assessments, answers = [], []
        for n, team in enumerate(made):
            for label, day, shift in (
                ("2026 Q2", date(2026, 6, 30), 0),
                ("2026 Q4", date(2026, 11, 30), 1),
            ):
                assessment = Assessment(
                    team=team,
                    model=model,
                    label=label,
                    date=day,
                    state=Assessment.State.SUBMITTED,
                    started_by=manager,
                    submitted_by=manager,
                    submitted_at=now,
                )
                assessments.append(assessment)
                answers.append((assessment, _answers(structures, n, shift)))
        Assessment.objects.bulk_create(assessments, batch_size=2000)
        Answer.objects.bulk_create(
            [
                Answer(
                    assessment=assessment,
                    respondent=manager,
                    area_id=areas[key],
                    level=level,
                    ticked=ticked,
                )
                for assessment, given in answers
                for key, level, ticked in given
            ],
            batch_size=5000,
        )
        stored.results_store(assessments)
        # Actions: every fourth team took three of its latest gaps into its plan (one of them
        # dropped since); targets: every fifth team aims at level 2 in the process dimension.
        characteristics = display.characteristics
        planned = {}
        for team_id, key in StepGap.objects.filter(
            assessment__team__organisation=organisation, assessment__is_latest=True
        ).values_list("assessment__team_id", "characteristic_key"):
            planned.setdefault(team_id, []).append(key)
        actions = []
        for n, team in enumerate(made):
            if n % 4:
                continue
            for i, key in enumerate(planned.get(team.pk, [])[:3]):
                characteristic = characteristics[key]
                actions.append(
                    Action(
                        team=team,
                        title=characteristic.text_en[:200],
                        area_id=characteristic.area_id,
                        characteristic=characteristic,
                        status=Action.Status.DROPPED if i == 2 else Action.Status.OPEN,
                        created_by=manager,
                    )
                )
        Action.objects.bulk_create(actions, batch_size=2000)
        Target.objects.bulk_create(
            [
                Target(team=team, dimension_key="process", level=2, set_by=manager)
                for n, team in enumerate(made)
                if n % 5 == 0
            ]
        )
    return organisation, True


def queries_of(client, url):
    with counted_queries() as count:
        assert client.get(url).status_code == 200
    return count[0]


def main(argv=None):
    arguments = parse_arguments(argv)
    require_postgres("gaps.py")
    setup_django(test_client=True)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from assessments.models import StepGap
    from bench.timing import timed

    call_command("migrate", verbosity=0)
    call_command("load_models", verbosity=0)
    slug = f"gaps-bench-{arguments.teams}"
    started = time.perf_counter()
    organisation, created = build(slug, arguments.teams)
    with connection.cursor() as cursor:
        # The planner's statistics, as autovacuum keeps them on a live database: right after
        # a bulk load it has none yet and plans the 1,000 teams as one row.
        cursor.execute("ANALYZE")
    cache = "Redis" if settings.REDIS_URL else "local memory"
    print(
        f"database: {connection.vendor}; cache: {cache}; organisation {slug} "
        f"{'built' if created else 'kept'} in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    gaps = StepGap.objects.filter(assessment__team__organisation=organisation)
    print(
        f"stored gaps: {gaps.count()}, of the latest assessments: "
        f"{gaps.filter(assessment__is_latest=True).count()}"
    )

    client = Client()
    client.force_login(
        User.objects.get(email=f"manager@{slug}.example"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    baseline_url = f"/o/{slug}/teams/"
    gaps_url = f"/o/{slug}/gaps/"
    client.get(baseline_url)  # the session remembers the organisation
    baseline_ms = timed(client, baseline_url, arguments.runs)[0]
    baseline_queries = queries_of(client, baseline_url)
    gaps_ms, gaps_p95 = timed(client, gaps_url, arguments.runs)
    gaps_queries = queries_of(client, gaps_url)

    teams = arguments.teams
    ratio = gaps_ms / baseline_ms
    met = gaps_ms <= TARGET_MS and gaps_queries <= MAX_QUERIES
    print(f"{'page':44} {'median ms':>10} {'queries':>8} {'× baseline':>11}")
    baseline_name = "baseline: team list (25 a page)"
    print(f"{baseline_name:44} {baseline_ms:10.1f} {baseline_queries:8d} {1:11.1f}")
    print(
        f"{f'common gaps, {teams} teams':44} {gaps_ms:10.1f} {gaps_queries:8d} {ratio:11.1f}  "
        f"(95th percentile {gaps_p95:.1f} ms; {'ok' if met else 'MISSED'}: target "
        f"≤ {TARGET_MS} ms, ≤ {MAX_QUERIES} queries)"
    )
    print(
        f"RESULT gaps_median_ms={gaps_ms:.1f} gaps_queries={gaps_queries} "
        f"baseline_ratio={ratio:.1f}"
    )


if __name__ == "__main__":
    main()
