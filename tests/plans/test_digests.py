"""The weekly digest: who gets one, what it lists (overdue first, by organisation and team, with
links to the plan pages), in the reader's language, the switch to turn it off, and each
digest recorded and sent once a week."""

import datetime
import io
from unittest import mock

import pytest
import time_machine
from django.core import mail as outbox
from django.core.mail import get_connection
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, translation

from accounts.models import Membership
from accounts.reminders import reminders_token
from plans import digests
from plans.models import Action, Digest
from tests.factories import MembershipFactory, TeamFactory, UserFactory

# A Monday morning in Berlin: ISO week 49 of 2026.
MONDAY = datetime.datetime(2026, 11, 30, 7, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def monday(settings):
    settings.SITE_URL = "https://maturity.example"
    with time_machine.travel(MONDAY, tick=False):
        yield


@pytest.fixture
def area(model_in_use):
    return model_in_use.areas.order_by("position").first()


def act(team, owner, title, *, due=None, status=Action.Status.OPEN, area=None):
    return Action.objects.create(
        team=team, owner=owner, title=title, due=due, status=status, area=area
    )


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run the digests with their e-mails sent on commit; the messages sent, by address."""

    def run(today=None):
        outbox.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            run.result = digests.run(today)
        return {message.to[0]: message for message in outbox.outbox}

    return run


def test_the_week_is_the_iso_week():
    assert digests.week_of(datetime.date(2026, 11, 30)) == "2026-W49"
    assert digests.week_of(datetime.date(2027, 1, 1)) == "2026-W53"
    assert digests.week_of(datetime.date(2027, 1, 4)) == "2027-W01"
    assert digests.week_of() == "2026-W49"


# Who gets one


def test_only_owners_of_pending_actions_who_want_it_and_still_belong_get_one(
    organisation, team, other_team, member, second_member, manager, viewer, outsider, sent
):
    act(team, member, "Open one")
    act(team, second_member, "In progress", status=Action.Status.IN_PROGRESS)
    act(team, manager, "Done", status=Action.Status.DONE)
    act(team, manager, "Dropped", status=Action.Status.DROPPED)
    act(team, None, "Nobody's")
    off = UserFactory(email="off@acme.example", email_digest=False)
    MembershipFactory(user=off, organisation=organisation, role="member", teams=[team])
    act(team, off, "Switched off")
    gone = UserFactory(email="gone@acme.example", is_active=False)
    MembershipFactory(user=gone, organisation=organisation, role="member", teams=[team])
    act(team, gone, "Deactivated")
    left = UserFactory(email="left@acme.example")
    MembershipFactory(user=left, organisation=organisation, role="member", teams=[team])
    act(team, left, "Left the organisation")
    Membership.objects.filter(user=left).delete()
    archived = TeamFactory(organisation=organisation, name="Old", slug="old", archived=True)
    act(archived, viewer, "In an archived team")

    messages = sent()

    assert sorted(messages) == [member.email, second_member.email]
    assert sorted(Digest.objects.values_list("user__email", "week")) == [
        (member.email, "2026-W49"),
        (second_member.email, "2026-W49"),
    ]
    assert not Digest.objects.filter(sent_at=None).exists()


def test_a_person_who_left_one_organisation_still_hears_of_the_other(
    organisation, team, member, other_organisation, sent
):
    elsewhere = TeamFactory(organisation=other_organisation, name="Globex ML", slug="globex-ml")
    MembershipFactory(user=member, organisation=other_organisation, role="member")
    act(elsewhere, member, "Globex action")
    act(team, member, "Acme action")
    Membership.objects.filter(user=member, organisation=organisation).delete()

    body = sent()[member.email].body

    assert "Globex action" in body and "Acme action" not in body


# What it says


def test_the_digest_lists_overdue_actions_first_by_team_with_links_to_the_plans(
    organisation, team, other_team, member, area, sent
):
    act(team, member, "Later", due=TODAY + datetime.timedelta(days=30), area=area)
    act(team, member, "Undated")
    act(team, member, "Late", due=TODAY - datetime.timedelta(days=3))
    act(other_team, member, "Forecast it", status=Action.Status.IN_PROGRESS)

    message = sent()[member.email]

    assert message.subject == "Your actions: 3 open, 1 overdue"
    switches = reverse("accounts:reminders", args=[reminders_token(member.pk)])
    assert message.extra_headers["List-Unsubscribe"] == f"<https://maturity.example{switches}>"
    body = message.body
    # Teams by name (Forecasting before Fraud ML); within one, overdue first, then by due date.
    order = [body.index(text) for text in ("Forecast it", "Late", "Later", "Undated")]
    assert order == sorted(order)
    assert "Acme · Forecasting" in body and "Acme · Fraud ML" in body
    late, later = (TODAY - datetime.timedelta(days=3)), (TODAY + datetime.timedelta(days=30))
    assert f"! Late (Open, overdue since {formats.date_format(late)})" in body
    assert f"- Later (Open, due {formats.date_format(later)}) · {area.name_en}" in body
    assert "- Forecast it (In progress)" in body
    assert "https://maturity.example/o/acme/teams/fraud-ml/plan/" in body
    assert "https://maturity.example/o/acme/teams/forecasting/plan/" in body
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert 'href="https://maturity.example/o/acme/teams/fraud-ml/plan/"' in html
    assert f"overdue since {formats.date_format(late)}" in html


def test_the_subject_counts_what_there_is(team, member, second_member, sent):
    act(team, member, "One")
    act(team, member, "Two")
    act(team, second_member, "Late", due=TODAY - datetime.timedelta(days=1))

    messages = sent()

    assert messages[member.email].subject == "Your actions: 2 open"
    assert messages[second_member.email].subject == "Your actions: 1 overdue"


def test_titles_are_escaped_in_the_html_and_kept_in_the_text(team, member, sent):
    act(team, member, "<script>alert(1)</script> & more")

    message = sent()[member.email]

    assert "<script>alert(1)</script> & more" in message.body
    html = message.alternatives[0][0]
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html


def test_the_digest_is_written_in_the_readers_language(team, member, second_member, area, sent):
    member.language = "de"
    member.save()
    due = TODAY + datetime.timedelta(days=30)
    act(team, member, "Registry", due=due, status=Action.Status.IN_PROGRESS, area=area)
    act(team, second_member, "Registry too", due=due, area=area)

    messages = sent()

    deutsch, english = messages[member.email], messages[second_member.email]
    with translation.override("de"):
        german_date = formats.date_format(due, "DATE_FORMAT")
        assert deutsch.subject == translation.gettext("Your actions: %(open)s open") % {"open": 1}
    assert "30. Dezember 2026" == german_date
    assert german_date in deutsch.body and "In Arbeit" in deutsch.body
    assert area.name_de in deutsch.body and area.name_en not in deutsch.body
    assert "Guten Tag" in deutsch.body
    assert english.subject == "Your actions: 1 open" and "Hello Dora," in english.body
    assert area.name_en in english.body
    assert translation.get_language() == "en"  # the sending left the language as it was


# Switching it off


def test_the_link_in_the_digest_switches_it_off_and_on_again(client, team, member, sent):
    act(team, member, "Open one")
    unsubscribe = reverse("accounts:reminders", args=[reminders_token(member.pk)])

    page = client.get(unsubscribe)
    assert page.status_code == 200 and "Weekly digest" in page.content.decode()
    client.post(unsubscribe, {"digest": "off"})
    member.refresh_from_db()
    assert not member.email_digest and member.email_reminders
    assert sent() == {}

    client.post(unsubscribe, {"digest": "on"})
    member.refresh_from_db()
    assert member.email_digest
    assert list(sent()) == [member.email]


def test_a_person_logged_in_reaches_the_switches_from_the_user_menu(client_for, member):
    client = client_for(member)

    home = client.get("/", follow=True).content.decode()
    response = client.get(reverse("accounts:email_settings"))

    assert reverse("accounts:email_settings") in home
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:reminders", args=[reminders_token(member.pk)])
    assert client.post(reverse("accounts:email_settings")).status_code == 405


def test_nobody_logged_in_is_sent_to_the_login_for_the_switches(client):
    response = client.get(reverse("accounts:email_settings"))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_digest_switched_off_after_it_was_recorded_is_not_sent(
    team, member, django_capture_on_commit_callbacks
):
    act(team, member, "Open one")
    digests.record("2026-W49")
    member.email_digest = False
    member.save()

    assert digests.send(list(Digest.objects.values_list("pk", flat=True))) == 0
    assert outbox.outbox == [] and not Digest.objects.exists()


# Once a week


def test_running_twice_in_a_week_sends_once_and_next_week_again(team, member, sent):
    act(team, member, "Open one")

    assert list(sent()) == [member.email]
    assert sent() == {}
    assert Digest.objects.get().sent_at is not None

    with time_machine.travel(MONDAY + datetime.timedelta(days=7), tick=False):
        assert list(sent()) == [member.email]
    assert sorted(Digest.objects.values_list("week", flat=True)) == ["2026-W49", "2026-W50"]


def test_a_digest_the_mail_server_refused_goes_with_the_next_run_of_the_week(
    team, member, second_member, sent
):
    act(team, member, "Open one")
    act(team, second_member, "Open two")

    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionRefusedError
    ):
        assert sent() == {}
    assert Digest.objects.filter(sent_at=None).count() == 2

    assert sorted(sent()) == sorted([member.email, second_member.email])
    assert sent() == {}


def test_a_batch_sent_twice_sends_each_digest_once(team, member, second_member):
    act(team, member, "Open one")
    act(team, second_member, "Open two")
    digests.record("2026-W49")
    ids = list(Digest.objects.values_list("pk", flat=True))

    assert digests.send(ids) == 2
    assert digests.send(ids) == 0  # a redelivered task
    assert len(outbox.outbox) == 2


def test_the_command_sends_this_weeks_digests_once(
    team, member, django_capture_on_commit_callbacks
):
    act(team, member, "Open one")

    first, second = io.StringIO(), io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_action_digests", stdout=first)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_action_digests", stdout=second)

    assert [m.to for m in outbox.outbox] == [[member.email]]
    assert first.getvalue().strip() == "digests of 2026-W49 not sent yet: 1"
    assert second.getvalue().strip() == "digests of 2026-W49 not sent yet: 0"


# Scale


def owners(organisation, teams, count, prefix="owner"):
    people = []
    for number in range(count):
        language = "de" if number % 2 else ""
        user = UserFactory(email=f"{prefix}{number}@acme.example", language=language)
        MembershipFactory(user=user, organisation=organisation, role="member", teams=teams)
        people.append(user)
    Action.objects.bulk_create(
        Action(
            team=teams[(number + n) % len(teams)],
            owner=user,
            title=f"Action {n} of {user.email}",
            due=TODAY + datetime.timedelta(days=n - 2),
        )
        for number, user in enumerate(people)
        for n in range(4)
    )
    return people


def queries_to_send(count, organisation, teams, django_capture_on_commit_callbacks):
    owners(organisation, teams, count, prefix=f"owner-of-{count}-")
    outbox.outbox.clear()
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        digests.run()
    assert len(outbox.outbox) == count
    return len(queries)


def test_sending_takes_as_many_queries_for_thirty_owners_as_for_three(
    organisation, team, other_team, django_capture_on_commit_callbacks
):
    few = queries_to_send(3, organisation, [team, other_team], django_capture_on_commit_callbacks)
    Action.objects.all().delete()
    Digest.objects.all().delete()
    more_teams = [team, other_team, *(TeamFactory(organisation=organisation) for _ in range(3))]

    many = queries_to_send(30, organisation, more_teams, django_capture_on_commit_callbacks)

    # Six, and the savepoints of the test's transaction.
    assert many == few <= 10


def test_thirty_digests_go_over_one_connection(
    organisation, team, django_capture_on_commit_callbacks
):
    owners(organisation, [team], 30)
    with (
        mock.patch("plans.digests.get_connection", wraps=get_connection) as batch,
        mock.patch("django.core.mail.get_connection", wraps=get_connection) as per_message,
        django_capture_on_commit_callbacks(execute=True),
    ):
        digests.run()

    assert len(outbox.outbox) == 30
    assert batch.call_count == 1 and per_message.call_count == 0
    assert Digest.objects.filter(sent_at__isnull=False).count() == 30
