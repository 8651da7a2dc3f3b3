"""Reminders before a round's deadline: to whom, which one, once, and the way out of them."""

from datetime import date, timedelta

import pytest
from django.core import mail as outbox
from django.urls import reverse

from assessments import services as assessment_services
from rounds import jobs, services
from rounds.models import Mail, Round
from rounds.recipients import reminder_due, reminder_key
from tests.answers import answer_everything
from tests.rounds.round_helpers import assessment_of, mails, move, open_round, today


@pytest.fixture
def round_(
    organisation,
    team,
    manager,
    member,
    second_member,
    model_in_use,
    django_capture_on_commit_callbacks,
):
    """Opened ten days ago (invitations sent); the deadline in three days: the 3-day reminder
    is due today."""
    with django_capture_on_commit_callbacks(execute=True):
        return open_round(
            organisation, [team], manager, model_in_use, days_left=3, opened_days_ago=10
        )


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    def run(days_later=0):
        outbox.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            jobs.reminders(today() + timedelta(days=days_later))
        return sorted(message.to[0] for message in outbox.outbox)

    return run


def _round(opens_on, deadline, days=(3, 1)):
    return Round(opens_on=opens_on, deadline=deadline, reminder_days=list(days))


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (date(2027, 1, 11), None),  # before the first
        (date(2027, 1, 12), 3),
        (date(2027, 1, 13), 3),  # a day late (the beat was down): still the 3-day one
        (date(2027, 1, 14), 1),  # both due: only the latest
        (date(2027, 1, 15), 1),  # the deadline itself
    ],
)
def test_the_latest_due_reminder_is_the_one_sent(today, due):
    assert reminder_due(_round(date(2027, 1, 1), date(2027, 1, 15)), today) == due


def test_a_reminder_due_on_or_before_the_opening_day_is_not_sent():
    opens_on_the_day = _round(date(2027, 1, 14), date(2027, 1, 15))
    assert reminder_due(opens_on_the_day, date(2027, 1, 14)) is None
    assert reminder_due(opens_on_the_day, date(2027, 1, 15)) is None
    opens_before = _round(date(2027, 1, 13), date(2027, 1, 15))
    assert reminder_due(opens_before, date(2027, 1, 14)) == 1


def test_the_key_names_the_days_and_the_deadline():
    assert reminder_key(3, date(2027, 1, 15)) == "3@2027-01-15"


def test_unfinished_respondents_are_reminded_once_with_a_way_out(round_, member, remind):
    assert remind() == ["bob@acme.example", "dora@acme.example"]
    message = outbox.outbox[0]
    token_url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert token_url in message.body
    assert "/accounts/reminders/" in token_url
    assert f"/assessments/{assessment_of(round_, round_.entries.get().team).pk}/answer/" in (
        message.body
    )
    assert "5 areas" in message.body and "\n" not in message.subject

    assert remind() == []  # the next run of the beat job
    assert mails(Mail.Kind.REMINDER).count() == 2
    assert set(mails(Mail.Kind.REMINDER).values_list("key", flat=True)) == {
        reminder_key(3, round_.deadline)
    }


def test_finished_and_opted_out_respondents_get_no_reminder(
    round_, team, member, second_member, remind
):
    answer_everything(assessment_of(round_, team), member)
    second_member.email_reminders = False
    second_member.save()

    assert remind() == []


def test_a_respondent_halfway_through_is_reminded_of_what_is_left(round_, team, member, remind):
    assessment_services.answer_record(
        assessment=assessment_of(round_, team), respondent=member, area_key="people", level=1
    )
    remind()

    body = next(m.body for m in outbox.outbox if m.to == [member.email])
    assert "4 areas" in body


def test_closed_submitted_scheduled_and_past_rounds_remind_nobody(
    round_, team, manager, member, remind
):
    services.round_close(round_=round_, by=manager)
    assert remind() == []

    move(round_, closed_at=None, deadline_passed_at=round_.created_at)
    assert remind() == []

    move(round_, deadline_passed_at=None, invited_at=None, opened_days_ago=-1)  # scheduled
    assert remind() == []

    move(round_, opened_days_ago=10, invited_at=round_.created_at, days_left=-1)
    assert remind() == []  # the deadline's day is over; the job deals with it instead

    move(round_, days_left=3)
    assessment = assessment_of(round_, team)
    answer_everything(assessment, member)
    assessment_services.assessment_submit(assessment=assessment, by=manager)
    assert remind() == []


def test_when_the_beat_was_down_only_the_latest_due_reminder_goes(round_, remind):
    move(round_, days_left=1)

    assert len(remind()) == 2
    assert set(mails(Mail.Kind.REMINDER).values_list("key", flat=True)) == {
        reminder_key(1, round_.deadline)
    }


def test_an_extended_deadline_reminds_again(round_, manager, remind):
    deadline = round_.deadline
    assert len(remind()) == 2
    assert len(remind(days_later=2)) == 2  # the 1-day reminder

    services.deadline_extend(round_=round_, deadline=deadline + timedelta(days=5), by=manager)
    assert remind(days_later=3) == []
    assert len(remind(days_later=5)) == 2  # three days before the new deadline
    assert len(remind(days_later=7)) == 2
    assert sorted(set(mails(Mail.Kind.REMINDER).values_list("key", flat=True))) == sorted(
        reminder_key(days, day)
        for days, day in [(3, deadline), (1, deadline), (3, deadline + timedelta(days=5))]
        + [(1, deadline + timedelta(days=5))]
    )


def test_reminder_days_belong_to_the_round(
    organisation, other_team, manager, member, model_in_use, remind
):
    round_ = open_round(
        organisation,
        [other_team],
        manager,
        model_in_use,
        days_left=7,
        opened_days_ago=3,
        reminder_days=[7],
        label="2027 Q2",
    )
    # other_team has no members: nobody to remind, and nothing breaks.
    assert remind() == []
    assert reminder_due(round_, round_.deadline) == 7


def test_the_link_in_a_reminder_switches_reminders_off(round_, client, member, remind):
    remind()
    message = next(m for m in outbox.outbox if m.to == [member.email])
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = url.removeprefix("http://127.0.0.1:8000")
    assert path.startswith(reverse("accounts:reminders", args=["x"]).removesuffix("x/"))

    client.post(path, {"reminders": "off"})
    member.refresh_from_db()
    assert not member.email_reminders

    move(round_, days_left=1)
    assert remind() == ["dora@acme.example"]
