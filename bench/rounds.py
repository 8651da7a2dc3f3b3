"""Opening a round for 1,000 teams × 5 respondents, and the round's progress page, on PostgreSQL.

Usage: make bench  (or DATABASE_URL=postgres://… .venv/bin/python bench/rounds.py [--teams 1000]
[--respondents 5] [--runs 20]); with or without REDIS_URL.

Builds its organisation `rounds-bench-<teams>` on the configured database (teams of
`--respondents` members, inserted in bulk; kept once built), then, as its manager, through the
real pages (the whole Django request, in process):
- opens a round of every active team (POST /o/<org>/rounds/new/): an assessment per team, its
  members as respondents, and an invitation to each recorded and queued once the transaction
  commits: to Redis with REDIS_URL, else to Celery's in-memory broker, on a queue of the
  benchmark's own that no worker reads (nothing is sent); timed to the redirect, with its
  queries counted;
- answers part of it in bulk (finished, started and untouched respondents, disagreements, some
  teams submitted, some late) and times the progress page, the median of `--runs` requests,
  against a baseline page measured in the same run: the organisation's team list.
The round, its assessments and its queued messages are removed afterwards, so every run opens
the same round. Targets (issue 16): opening ≤ 10 s without a query per team, the progress page
≤ 200 ms in ≤ 12 queries. Ends with one line: RESULT open_round_s=… progress_median_ms=…
progress_queries=… baseline_ratio=… (and the opening's queries, the e-mails queued, the
baseline's median).
"""

import argparse
import sys
import time
from contextlib import contextmanager, suppress
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script, only bench/ is on the path
from bench.common import counted_queries, require_postgres, setup_django  # noqa: E402

QUEUE = "bench-rounds"  # the queued invitations wait here, where no worker reads
LABEL = "Bench round"
OPEN_TARGET_S, PROGRESS_TARGET_MS, PROGRESS_MAX_QUERIES = 10, 200, 12


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teams", type=int, default=1000, help="teams in the round (1000)")
    parser.add_argument("--respondents", type=int, default=5, help="members a team (5)")
    parser.add_argument("--runs", type=int, default=20, help="requests timed a page (20)")
    arguments = parser.parse_args(argv)
    if not 1 <= arguments.teams <= 20_000 or not 1 <= arguments.respondents <= 50:
        parser.error("--teams must be 1 to 20000 and --respondents 1 to 50")
    if not 1 <= arguments.runs <= 1000:
        parser.error("--runs must be 1 to 1000")
    return arguments


def build(slug, teams, respondents):
    """The organisation, its manager, and `teams` teams of `respondents` members; kept."""
    from django.db import transaction

    from accounts.models import Membership, Organisation, Role, Team, User
    from maturity.models import MaturityModel

    found = Organisation.objects.filter(slug=slug).first()
    if found is not None:
        return found, False
    model = MaturityModel.objects.get(slug="mlops", version="1", organisation=None)
    with transaction.atomic():
        organisation = Organisation.objects.create(slug=slug, name=f"Rounds bench ({teams})")
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
        users = User.objects.bulk_create(
            [
                User(email=f"r{n}-{r}@{slug}.example", name=f"Respondent {n}/{r}")
                for n in range(teams)
                for r in range(respondents)
            ],
            batch_size=2000,
        )
        memberships = Membership.objects.bulk_create(
            [Membership(user=user, organisation=organisation, role=Role.MEMBER) for user in users],
            batch_size=2000,
        )
        through = Membership.teams.through
        through.objects.bulk_create(
            [
                through(membership_id=m.pk, team_id=made[n // respondents].pk)
                for n, m in enumerate(memberships)
            ],
            batch_size=2000,
        )
    return organisation, True


def remove_round(organisation):
    """The benchmark's round, its assessments (answers, entries, respondents, e-mails with them)
    and its queued messages: the next run opens the same round again."""
    from assessments.models import Assessment
    from rounds.models import Round

    Assessment.objects.filter(team__organisation=organisation).delete()
    Round.objects.filter(organisation=organisation).delete()
    purge_queue()


def purge_queue():
    """Drop the messages waiting on the benchmark's queue (in Redis they would outlive us)."""
    from config.celery import app

    with app.connection_for_write() as connection, suppress(Exception):
        connection.default_channel.queue_purge(QUEUE)


def answer_some(round_, respondents):
    """Answers in bulk: respondent r of the n-th team has answered (n + r) mod 6 of the 5 areas,
    at levels 0, 2, 4… (disagreements); a tenth of the teams submitted, a twentieth late."""
    from assessments.models import Answer, Assessment
    from maturity.models import Area
    from rounds.models import Entry, Respondent

    areas = list(Area.objects.filter(model_id=round_.model_id).order_by("position"))
    people = {}
    for entry_id, user_id in Respondent.objects.filter(entry__round=round_).values_list(
        "entry_id", "user_id"
    ):
        people.setdefault(entry_id, []).append(user_id)
    answers = []
    entries = (
        Entry.objects.filter(round=round_).order_by("team__name").values_list("pk", "assessment_id")
    )
    for n, (entry_id, assessment_id) in enumerate(entries):
        for r, user_id in enumerate(sorted(people.get(entry_id, []))):
            answers += [
                Answer(
                    assessment_id=assessment_id, respondent_id=user_id, area=area, level=r * 2 % 5
                )
                for area in areas[: (n + r) % (len(areas) + 1)]
            ]
    Answer.objects.bulk_create(answers, batch_size=5000)
    Assessment.objects.filter(round_entry__round=round_, team__slug__endswith="0").update(
        state=Assessment.State.SUBMITTED
    )
    Entry.objects.filter(round=round_, team__slug__endswith="13").update(late=True)
    return len(answers)


def queries_of(client, url):
    with counted_queries() as count:
        assert client.get(url).status_code == 200
    return count[0]


@contextmanager
def published_mails():
    """Counts the e-mails in the `send_mails` tasks published to the broker meanwhile."""
    from celery.signals import before_task_publish

    from rounds.sending import send_mails

    count = [0]

    def published(sender=None, body=None, **_kwargs):
        if sender == send_mails.name:
            count[0] += len(body[0][0])  # protocol 2: (args, kwargs, embed); args[0]: the ids

    before_task_publish.connect(published, weak=False)
    try:
        yield count
    finally:
        before_task_publish.disconnect(published)


def open_round(client, organisation, model):
    """POST the form as the manager does, every active team: (seconds, queries, e-mails
    queued, the round)."""
    from django.utils import timezone

    from rounds.models import Round

    today = timezone.localdate()
    data = {
        "label": LABEL,
        "model": model.pk,
        "opens_on": today.isoformat(),
        "deadline": (today + timedelta(days=21)).isoformat(),
        "which_teams": "all",
        "reminder_days": "3, 1",
    }
    with counted_queries() as count, published_mails() as queued:
        started = time.perf_counter()
        response = client.post(f"/o/{organisation.slug}/rounds/new/", data)
        elapsed = time.perf_counter() - started
    if response.status_code != 302:
        form = response.context["form"] if response.context else None
        raise SystemExit(f"the round was not opened: {form.errors if form else response}")
    round_ = Round.objects.get(organisation=organisation, label=LABEL)
    return elapsed, count[0], queued[0], round_


def main(argv=None):
    arguments = parse_arguments(argv)
    require_postgres("rounds.py")
    setup_django(test_client=True)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from bench.timing import timed
    from config.celery import app
    from maturity.models import MaturityModel
    from rounds.models import Mail
    from rounds.sending import send_mails

    # Queued, not sent: a real broker (Redis) or Celery's in-memory one, never in process.
    app.conf.task_always_eager = False
    app.conf.task_default_queue = QUEUE
    app.conf.task_routes = {send_mails.name: {"queue": QUEUE}}

    call_command("migrate", verbosity=0)
    call_command("load_models", verbosity=0)
    slug = f"rounds-bench-{arguments.teams}x{arguments.respondents}"
    started = time.perf_counter()
    organisation, created = build(slug, arguments.teams, arguments.respondents)
    remove_round(organisation)  # left by a run that stopped half-way
    broker = "Redis" if settings.REDIS_URL else "in-memory broker"
    print(
        f"database: {connection.vendor}; queue: {broker}; organisation {slug} "
        f"{'built' if created else 'kept'} in {time.perf_counter() - started:.1f} s",
        flush=True,
    )

    client = Client()
    client.force_login(
        User.objects.get(email=f"manager@{slug}.example"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    baseline_url = f"/o/{slug}/teams/"
    client.get(baseline_url)  # the session remembers the organisation
    model = MaturityModel.objects.get(slug="mlops", version="1", organisation=None)
    try:
        open_s, open_queries, queued, round_ = open_round(client, organisation, model)
        mails = Mail.objects.filter(round=round_).count()
        answers = answer_some(round_, arguments.respondents)
        progress_url = f"/o/{slug}/rounds/{round_.pk}/"
        baseline_ms = timed(client, baseline_url, arguments.runs)[0]
        baseline_queries = queries_of(client, baseline_url)
        progress_ms = timed(client, progress_url, arguments.runs)[0]
        progress_queries = queries_of(client, progress_url)
    finally:
        remove_round(organisation)

    teams = arguments.teams
    print(
        f"opening a round of {teams} teams × {arguments.respondents} respondents: "
        f"{open_s:.2f} s, {open_queries} queries, {mails} e-mails recorded, {queued} queued "
        f"({'ok' if open_s <= OPEN_TARGET_S and open_queries < teams else 'MISSED'}: "
        f"target ≤ {OPEN_TARGET_S} s, fewer queries than teams)"
    )
    print(f"answers given in bulk for the progress page: {answers}")
    print(f"{'page':44} {'median ms':>10} {'queries':>8} {'× baseline':>11}")
    baseline_name = "baseline: team list (25 a page)"
    print(f"{baseline_name:44} {baseline_ms:10.1f} {baseline_queries:8d} {1:11.1f}")
    ratio = progress_ms / baseline_ms
    met = progress_ms <= PROGRESS_TARGET_MS and progress_queries <= PROGRESS_MAX_QUERIES
    print(
        f"{f'progress page, {teams} teams':44} {progress_ms:10.1f} {progress_queries:8d} "
        f"{ratio:11.1f}  ({'ok' if met else 'MISSED'}: target ≤ {PROGRESS_TARGET_MS} ms, "
        f"≤ {PROGRESS_MAX_QUERIES} queries)"
    )
    print(
        f"RESULT open_round_s={open_s:.2f} progress_median_ms={progress_ms:.1f} "
        f"progress_queries={progress_queries} baseline_ratio={ratio:.1f} "
        f"open_round_queries={open_queries} mails_queued={queued} "
        f"baseline_median_ms={baseline_ms:.1f}"
    )


if __name__ == "__main__":
    main()
