"""A round's e-mails: invitations in the reader's language, the link out of reminders, a
manager's "remind now", notes to the facilitator, and each e-mail sent once."""

from unittest import mock

import pytest
from django.core import mail as outbox
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, translation

from accounts.reminders import reminders_token
from assessments import services as assessment_services
from rounds import jobs, mails, sending, services
from rounds.models import Mail
from rounds.sending import send_mails
from tests.answers import answer_everything
from tests.factories import PASSWORD, MembershipFactory, UserFactory
from tests.rounds.round_helpers import assessment_of, open_round


@pytest.fixture
def german(organisation, team):
    user = UserFactory(email="greta@acme.example", name="Greta Graf", language="de")
    MembershipFactory(user=user, organisation=organisation, role="member", teams=[team])
    return user


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run `action` with its e-mails sent on commit; returns the messages sent, by address."""

    def run(action, *args, **kwargs):
        outbox.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            result = action(*args, **kwargs)
        run.result = result
        return {message.to[0]: message for message in outbox.outbox}

    return run


# Invitations


def test_an_invitation_is_written_in_the_readers_language_and_links_to_the_answering_page(
    organisation, team, manager, member, german, model_in_use, sent
):
    manager.name = "Mona Manager"
    manager.save()
    messages = sent(open_round, organisation, [team], manager, model_in_use, days_left=14)
    round_ = sent.result
    answer = reverse("assessments:answer", args=["acme", team.slug, assessment_of(round_, team).pk])

    english, deutsch = messages[member.email], messages[german.email]
    assert english.subject == "2027 Q1: please assess Fraud ML"
    assert "Please answer for Fraud ML by" in english.body
    assert "Greta" in deutsch.body and "Fraud ML" in deutsch.body
    with translation.override("de"):
        assert formats.date_format(round_.deadline, "DATE_FORMAT") in deutsch.body
    assert deutsch.from_email == "Mona Manager via Reifegradbewertungen <noreply@localhost>"
    for message in (english, deutsch):
        assert f"http://127.0.0.1:8000{answer}" in message.body
        assert message.from_email.endswith(" <noreply@localhost>")
        assert not getattr(message, "alternatives", None) and message.content_subtype == "plain"
        assert "List-Unsubscribe" not in message.extra_headers  # not a reminder
    assert english.from_email == "Mona Manager via Maturity Assessments <noreply@localhost>"
    assert formats.date_format(round_.deadline, "DATE_FORMAT") in english.body


def test_a_label_with_a_line_break_cannot_break_the_subject(
    organisation, team, manager, member, model_in_use, sent
):
    round_ = open_round(organisation, [team], manager, model_in_use)
    team.name = "Fraud\nML"
    team.save()
    mail = Mail.objects.select_related(
        "user", "round__organisation", "round__opened_by", "entry__team", "entry__assessment"
    ).get(round=round_)

    message = sending.message_for(mail)

    assert "\n" not in message.subject and "Fraud ML" in message.subject


def test_invitations_go_to_people_who_switched_reminders_off(
    organisation, team, manager, member, model_in_use, sent
):
    member.email_reminders = False
    member.save()

    assert list(sent(open_round, organisation, [team], manager, model_in_use)) == [member.email]


def test_a_redelivered_send_sends_nothing_twice(
    organisation, team, manager, member, second_member, model_in_use
):
    open_round(organisation, [team], manager, model_in_use)  # recorded; not sent (no commit)
    ids = list(Mail.objects.values_list("pk", flat=True))

    assert send_mails.delay(ids).get() == 2
    assert send_mails.delay(ids).get() == 0
    assert len(outbox.outbox) == 2
    assert not Mail.objects.filter(sent_at=None).exists()


def test_a_refused_mail_stays_unsent_and_goes_on_the_next_run(
    organisation, team, manager, member, model_in_use, sent
):
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=ConnectionRefusedError,
    ):
        assert sent(open_round, organisation, [team], manager, model_in_use) == {}
    mail = Mail.objects.get()
    assert mail.sent_at is None

    Mail.objects.filter(pk=mail.pk).update(created_at=mail.created_at - jobs.STUCK)
    assert list(sent(jobs.run)) == [member.email]
    assert sent.result["requeued"] == 1


def test_with_the_broker_down_opening_a_round_still_succeeds(
    organisation, team, manager, member, model_in_use, sent
):
    with mock.patch.object(send_mails, "delay", side_effect=OSError("broker down")):
        assert sent(open_round, organisation, [team], manager, model_in_use) == {}
    assert Mail.objects.get().sent_at is None


def test_an_e_mail_of_a_round_closed_meanwhile_is_dropped(
    organisation, team, manager, member, model_in_use
):
    round_ = open_round(organisation, [team], manager, model_in_use)
    services.round_close(round_=round_, by=manager)

    assert sending.send(list(Mail.objects.values_list("pk", flat=True))) == 0
    assert outbox.outbox == [] and not Mail.objects.exists()


# The language a person uses


def test_the_language_of_logging_in_and_of_the_switch_is_kept_for_e_mails(client, member):
    client.post(
        reverse("accounts:login"),
        {"username": member.email, "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    member.refresh_from_db()
    assert member.language == "de"

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("orgs:list"), HTTP_ACCEPT_LANGUAGE="en")  # reading writes nothing
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    member.refresh_from_db()
    assert member.language == "en"
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    member.refresh_from_db()
    assert member.language == "en"


# Reminders off by the link in every reminder


def test_the_reminder_link_asks_first_then_switches_off_and_on_without_logging_in(client, member):
    url = reverse("accounts:reminders", args=[reminders_token(member.pk)])

    page = client.get(url)
    member.refresh_from_db()
    assert page.status_code == 200 and member.email_reminders
    assert b"Send me no more reminders" in page.content and b'<form method="post"' in page.content

    page = client.post(url, {"reminders": "off"}, follow=True)
    member.refresh_from_db()
    assert not member.email_reminders
    assert b"You will get no more reminder e-mails" in page.content
    assert b"Switch reminders on again" in page.content

    client.post(url, {"reminders": "on"})
    member.refresh_from_db()
    assert member.email_reminders


def test_a_changed_reminder_link_is_a_404_that_says_so_and_changes_nothing(
    client, member, second_member
):
    token = reminders_token(member.pk)
    forged = reminders_token(second_member.pk).split(":")[0] + token[token.index(":") :]

    for bad in (forged, token[:-2] + "xx", "nonsense"):
        url = reverse("accounts:reminders", args=[bad])
        assert client.get(url).status_code == 404
        page = client.post(url, {"reminders": "off"})
        assert page.status_code == 404 and b"This link is not valid" in page.content
    member.refresh_from_db()
    second_member.refresh_from_db()
    assert member.email_reminders and second_member.email_reminders


def test_the_reminder_page_refuses_other_input_and_needs_the_csrf_token(member):
    from django.test import Client

    url = reverse("accounts:reminders", args=[reminders_token(member.pk)])
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url, {"reminders": "off"}).status_code == 403
    Client().post(url, {"reminders": "maybe"})
    member.refresh_from_db()
    assert member.email_reminders


# A manager's "remind now"


@pytest.fixture
def two_teams(organisation, team, other_team, manager, member, second_member, model_in_use, sent):
    third = UserFactory(email="otto@acme.example")
    MembershipFactory(user=third, organisation=organisation, role="member", teams=[other_team])
    sent(open_round, organisation, [team, other_team], manager, model_in_use)
    return sent.result


def test_remind_now_reminds_the_unfinished_once_a_day(two_teams, team, member, sent):
    round_ = two_teams
    answer_everything(assessment_of(round_, team), member)

    messages = sent(mails.nudge, round_)
    assert sent.result == 2 and sorted(messages) == ["dora@acme.example", "otto@acme.example"]
    assert "/accounts/reminders/" in messages["otto@acme.example"].body
    assert "List-Unsubscribe" in messages["otto@acme.example"].extra_headers

    assert sent(mails.nudge, round_) == {} and sent.result == 0
    assert Mail.objects.filter(kind=Mail.Kind.NUDGE).count() == 2


def test_remind_now_for_one_team_reminds_only_its_respondents(two_teams, other_team, sent):
    entry = two_teams.entries.get(team=other_team)

    assert list(sent(mails.nudge, two_teams, [entry])) == ["otto@acme.example"]
    assert list(sent(mails.nudge, two_teams, [entry.pk])) == []


def test_remind_now_skips_opted_out_people_and_closed_rounds(
    two_teams, manager, second_member, sent
):
    second_member.email_reminders = False
    second_member.save()
    assert sorted(sent(mails.nudge, two_teams)) == ["bob@acme.example", "otto@acme.example"]

    services.round_close(round_=two_teams, by=manager)
    assert mails.nudge(two_teams) == 0


def test_remind_now_takes_a_fixed_number_of_queries(
    two_teams, django_assert_max_num_queries, organisation, team
):
    for n in range(20):
        user = UserFactory(email=f"many{n}@acme.example")
        MembershipFactory(user=user, organisation=organisation, role="member", teams=[team])
    services.respondents_set(
        entry=two_teams.entries.get(team=team),
        users=[m.user for m in team.memberships.all()],
        by=two_teams.opened_by,
    )
    with django_assert_max_num_queries(6):
        assert mails.nudge(two_teams) == 23


# Notes to the facilitator


@pytest.fixture
def answered(organisation, team, manager, member, second_member, model_in_use, sent):
    sent(open_round, organisation, [team], manager, model_in_use)
    return sent.result, assessment_of(sent.result, team)


def test_the_facilitator_hears_when_every_respondent_has_finished(
    answered, member, second_member, sent
):
    round_, assessment = answered
    assessment_services.facilitator_set(assessment=assessment, user=member)
    assert sent(answer_everything, assessment, member) == {}

    messages = sent(answer_everything, assessment, second_member)

    assert list(messages) == [member.email]
    assert "everyone in Fraud ML has answered" in messages[member.email].subject
    assert f"/assessments/{assessment.pk}/" in messages[member.email].body
    assert "List-Unsubscribe" not in messages[member.email].extra_headers
    assert sent(jobs.run) == {}  # once per assessment
    assert Mail.objects.filter(kind=Mail.Kind.TEAM_DONE).count() == 1


def test_without_a_facilitator_the_opener_hears_of_a_disagreement_once(
    answered, manager, member, second_member, sent
):
    round_, assessment = answered
    record = assessment_services.answer_record

    assert sent(record, assessment=assessment, respondent=member, area_key="people", level=1) == {}
    messages = sent(
        record, assessment=assessment, respondent=second_member, area_key="people", level=3
    )

    assert list(messages) == [manager.email]
    assert "disagree" in messages[manager.email].subject
    assert "/facilitate/" in messages[manager.email].body
    assert (
        sent(record, assessment=assessment, respondent=member, area_key="technology", level=0) == {}
    )
    assert (
        sent(
            record, assessment=assessment, respondent=second_member, area_key="technology", level=4
        )
        == {}
    )


def test_an_agreed_answer_settles_a_disagreement_before_anyone_is_told(
    answered, manager, member, second_member, sent
):
    round_, assessment = answered
    record = assessment_services.answer_record
    assessment_services.agreed_record(assessment=assessment, area_key="people", level=2, by=manager)
    record(assessment=assessment, respondent=member, area_key="people", level=1)
    record(assessment=assessment, respondent=second_member, area_key="people", level=3)
    record(assessment=assessment, respondent=second_member, area_key="technology", level=2)
    record(assessment=assessment, respondent=member, area_key="technology", level=1)

    assert sent(jobs.run) == {}  # one level apart, or agreed: nothing to say


def test_the_beat_job_catches_up_on_notes_the_answers_did_not_send(
    answered, manager, member, second_member, sent
):
    round_, assessment = answered
    answer_everything(assessment, member, level=1)  # no commit: the prompt note never ran
    answer_everything(assessment, second_member, level=4)

    messages = sent(jobs.run)

    assert list(messages) == [manager.email]
    assert sorted(Mail.objects.filter(user=manager).values_list("kind", flat=True)) == [
        Mail.Kind.DISAGREEMENT,
        Mail.Kind.TEAM_DONE,
    ]
    assert len(outbox.outbox) == 2


def test_a_note_to_a_broker_that_is_down_leaves_the_answer_saved(answered, member, sent):
    round_, assessment = answered
    with mock.patch("rounds.tasks.facilitator_notes.delay", side_effect=OSError("down")):
        sent(answer_everything, assessment, member)

    assert assessment.answers.filter(respondent=member).count() == 5
