"""The beat jobs of rounds: invitations on the opening day, deadlines, reminders, notes; the
same code from Celery beat and from `manage.py run_round_jobs`; a fixed number of queries."""

import pytest
from django.conf import settings
from django.core import mail as outbox
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Assessment
from rounds import jobs
from rounds.models import Entry, Mail, Respondent
from rounds.tasks import run_round_jobs
from tests.answers import answer_everything
from tests.factories import TeamFactory, UserFactory
from tests.rounds.round_helpers import assessment_of, move, open_round


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """One run of the beat job with its e-mails sent; returns the addresses written to."""

    def once(job=jobs.run):
        outbox.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            once.result = job()
        return sorted(message.to[0] for message in outbox.outbox)

    return once


def test_the_beat_schedule_runs_the_round_jobs_every_quarter_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["round-jobs"]

    assert entry == {"task": "rounds.tasks.run_round_jobs", "schedule": 15 * 60}
    assert run_round_jobs.name == entry["task"]


def test_a_scheduled_round_invites_on_its_opening_day_once(
    organisation, team, manager, member, second_member, model_in_use, run
):
    round_ = run(
        lambda: open_round(organisation, [team], manager, model_in_use, opened_days_ago=-2)
    )
    assert round_ == [] and not Mail.objects.exists()
    assert run() == []

    scheduled = Entry.objects.get().round
    move(scheduled, opened_days_ago=0)
    assert run() == [member.email, second_member.email]
    assert run.result["invited"] == 1
    assert run() == [] and run.result["invited"] == 0
    assert Mail.objects.filter(kind=Mail.Kind.INVITATION, sent_at__isnull=False).count() == 2


def test_the_deadline_is_dealt_with_by_the_job(
    organisation, team, other_team, manager, member, model_in_use, run
):
    round_ = open_round(organisation, [team, other_team], manager, model_in_use)
    answer_everything(assessment_of(round_, team), member)
    move(round_, days_left=-1, opened_days_ago=20)

    assert run() == []  # no reminder after the deadline, no note for a submitted assessment
    assert run.result["deadlines"] == 1
    assert assessment_of(round_, team).is_submitted
    assert Entry.objects.get(round=round_, team=other_team).late
    run()
    assert run.result["deadlines"] == 0


def test_the_command_runs_the_jobs_once_and_says_what_it_did(
    organisation, team, manager, member, model_in_use, capsys
):
    round_ = open_round(organisation, [team], manager, model_in_use, opened_days_ago=10)
    move(round_, days_left=1)

    call_command("run_round_jobs")

    output = capsys.readouterr().out
    assert "rounds with reminders due: 1" in output
    assert Mail.objects.filter(kind=Mail.Kind.REMINDER, user=member).exists()


def test_a_redelivered_beat_task_sends_nothing_twice(
    organisation, team, manager, member, second_member, model_in_use, run
):
    run(lambda: open_round(organisation, [team], manager, model_in_use, opened_days_ago=10))
    move(Entry.objects.get().round, days_left=3)

    assert run(run_round_jobs.delay) == [member.email, second_member.email]
    assert run(run_round_jobs.delay) == []
    assert run(lambda: run_round_jobs.apply().get()) == []
    assert Mail.objects.filter(kind=Mail.Kind.REMINDER).count() == 2


def _more_respondents(organisation, round_, teams, per_team):
    for _ in range(teams):
        team = TeamFactory(organisation=organisation)
        assessment = Assessment.objects.create(
            team=team, model=round_.model, label=round_.label, date=round_.opens_on
        )
        entry = Entry.objects.create(round=round_, team=team, assessment=assessment)
        for _ in range(per_team):
            Respondent.objects.create(entry=entry, user=UserFactory())


def test_recording_reminders_takes_the_same_number_of_queries_for_more_respondents(
    organisation, team, manager, member, second_member, model_in_use
):
    round_ = open_round(organisation, [team], manager, model_in_use, opened_days_ago=10)
    counts = []
    for days_left, teams in ((3, 0), (1, 5)):
        _more_respondents(organisation, round_, teams, per_team=5)
        move(round_, days_left=days_left)
        with CaptureQueriesContext(connection) as queries:
            jobs.run()
        counts.append(len(queries))

    assert counts[0] == counts[1], counts
    assert Mail.objects.filter(kind=Mail.Kind.REMINDER).count() == 2 + 2 + 25
