"""The rounds' pages: the list, opening a round, the respondents of a team, the deadline,
closing, reminding; who may see them (managers and admins; members and viewers 403; another
organisation 404)."""

from datetime import timedelta

import pytest
from django.core import mail as outbox
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from rounds.models import Entry, Mail, Respondent, Round
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.rounds.round_helpers import open_round


def url(name, organisation, *args):
    return reverse(f"rounds:{name}", args=[organisation.slug, *args])


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def round_(organisation, team, other_team, manager, member, second_member, model_in_use):
    return open_round(organisation, [team, other_team], manager, model_in_use)


def form_data(model, /, **overrides):
    today = timezone.localdate()
    return {
        "label": "2027 Q1",
        "model": model.pk,
        "opens_on": today.isoformat(),
        "deadline": (today + timedelta(days=14)).isoformat(),
        "which_teams": "all",
        "reminder_days": "3, 1",
        **overrides,
    }


# --- the list ---------------------------------------------------------------------------


def test_an_organisation_without_rounds_is_invited_to_open_one(client_for, organisation, manager):
    response = client_for(manager).get(url("list", organisation))

    assert response.status_code == 200
    assert "No rounds yet" in response.content.decode()
    assert url("new", organisation) in response.content.decode()


def test_the_list_shows_status_deadline_and_completion(
    client_for, organisation, team, other_team, manager, member, model_in_use
):
    round_ = open_round(organisation, [team, other_team], manager, model_in_use)
    Entry.objects.filter(round=round_, team=team).update(late=True)
    Assessment.objects.filter(round_entry__round=round_, team=team).update(state="submitted")

    body = client_for(manager).get(url("list", organisation)).content.decode()

    assert "2027 Q1" in body and "Open" in body
    assert "1 of 2 teams submitted" in body
    assert "1 team late" in body
    assert url("detail", organisation, round_.pk) in body


def test_the_list_is_paginated(client_for, organisation, manager, model_in_use):
    today = timezone.localdate()
    Round.objects.bulk_create(
        Round(
            organisation=organisation,
            label=f"Round {n:02d}",
            model=model_in_use,
            opens_on=today - timedelta(days=n),
            deadline=today + timedelta(days=7),
        )
        for n in range(30)
    )
    client = client_for(manager)
    first = client.get(url("list", organisation))
    second = client.get(url("list", organisation), {"page": 2})

    assert len(first.context["page"].object_list) == 25
    assert "Round 00" in first.content.decode() and "Round 29" not in first.content.decode()
    assert "Round 29" in second.content.decode()


@pytest.mark.parametrize("name", ["list", "new"])
def test_members_and_viewers_may_not_see_rounds_and_outsiders_get_a_404(
    client, client_for, organisation, member, viewer, outsider, admin, name
):
    assert client_for(member).get(url(name, organisation)).status_code == 403
    assert client_for(viewer).get(url(name, organisation)).status_code == 403
    assert client_for(outsider).get(url(name, organisation)).status_code == 404
    assert client_for(admin).get(url(name, organisation)).status_code == 200
    client.logout()
    assert client.get(url(name, organisation)).status_code == 302


def test_the_navigation_offers_rounds_to_managers_only(client_for, organisation, manager, member):
    link = f'href="{url("list", organisation)}"'
    assert link in client_for(manager).get(reverse("orgs:teams", args=["acme"])).content.decode()
    assert link not in client_for(member).get(reverse("orgs:teams", args=["acme"])).content.decode()


# --- opening a round --------------------------------------------------------------------


def test_the_form_offers_the_models_in_use_and_the_active_teams_only(
    client_for, organisation, team, other_team, manager, model_in_use, mini_model
):
    TeamFactory(organisation=organisation, name="Old ML", slug="old-ml", archived=True)
    TeamFactory(name="Globex ML")  # another organisation's

    response = client_for(manager).get(url("new", organisation))

    form = response.context["form"]
    assert list(form.fields["model"].queryset) == [model_in_use]
    assert {t.name for t in form.fields["teams"].queryset} == {"Fraud ML", "Forecasting"}
    assert form["opens_on"].value() == timezone.localdate()
    assert form["reminder_days"].value() == "3, 1"
    body = response.content.decode()
    assert "Old ML" not in body and "Globex ML" not in body
    assert 'id="select-all-teams"' in body and "js/rounds.js" in body


def test_opening_for_all_teams_leads_to_the_progress_page(
    client_for, organisation, team, other_team, manager, member, model_in_use
):
    TeamFactory(organisation=organisation, name="Old ML", slug="old-ml", archived=True)
    response = client_for(manager).post(
        url("new", organisation), form_data(model_in_use, anonymous="on", reminder_days="7 2")
    )

    round_ = Round.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", organisation, round_.pk)
    assert set(round_.entries.values_list("team__name", flat=True)) == {"Fraud ML", "Forecasting"}
    assert round_.anonymous and round_.reminder_days == [7, 2] and round_.opened_by == manager
    page = client_for(manager).get(response["Location"])
    assert "Round “2027 Q1” is open" in " ".join(messages_of(page))


def test_opening_for_chosen_teams_takes_only_those(
    client_for, organisation, team, other_team, manager, model_in_use
):
    response = client_for(manager).post(
        url("new", organisation), form_data(model_in_use, which_teams="chosen", teams=[team.pk])
    )

    assert response.status_code == 302
    assert list(Entry.objects.values_list("team", flat=True)) == [team.pk]


def test_a_scheduled_round_says_when_it_invites(
    client_for, organisation, team, manager, member, model_in_use
):
    later = timezone.localdate() + timedelta(days=3)
    response = client_for(manager).post(
        url("new", organisation), form_data(model_in_use, opens_on=later.isoformat()), follow=True
    )

    assert "is scheduled" in " ".join(messages_of(response))
    assert not Mail.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"label": ""}, "label", "This field is required."),
        ({"deadline": "2000-01-01"}, "deadline", "before the opening date"),
        ({"reminder_days": "soon"}, "reminder_days", "Write whole days"),
        ({"reminder_days": "90"}, "reminder_days", "0 to 60 days"),
        ({"which_teams": "chosen"}, "teams", "Choose at least one team"),
        ({"which_teams": "chosen", "teams": ["99999"]}, "teams", "Select a valid choice"),
        ({"model": "99999"}, "model", "Select a valid choice"),
    ],
)
def test_bad_input_is_named_beside_its_field_and_opens_nothing(
    client_for, organisation, team, manager, model_in_use, overrides, field, message
):
    response = client_for(manager).post(
        url("new", organisation), form_data(model_in_use, **overrides)
    )

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert not Round.objects.exists() and not Assessment.objects.exists()


def test_a_label_in_use_is_refused_beside_the_label(
    client_for, organisation, team, other_team, manager, model_in_use
):
    open_round(organisation, [team], manager, model_in_use)
    response = client_for(manager).post(
        url("new", organisation),
        form_data(model_in_use, which_teams="chosen", teams=[other_team.pk]),
    )

    assert "already" in " ".join(response.context["form"].errors["label"])
    assert Round.objects.count() == 1


def test_another_organisations_team_cannot_be_chosen(
    client_for, organisation, team, manager, model_in_use
):
    foreign = TeamFactory(name="Globex ML")
    response = client_for(manager).post(
        url("new", organisation),
        form_data(model_in_use, which_teams="chosen", teams=[team.pk, foreign.pk]),
    )

    assert response.status_code == 200 and "teams" in response.context["form"].errors
    assert not Round.objects.exists()


def test_without_teams_or_models_the_form_says_what_is_missing(client_for, organisation, manager):
    body = client_for(manager).get(url("new", organisation)).content.decode()

    assert "no active team" in body and "uses no maturity model" in body
    assert 'name="label"' not in body


# --- respondents ------------------------------------------------------------------------


def test_the_respondents_are_the_teams_members_and_the_organisations_managers(
    client_for,
    organisation,
    team,
    other_team,
    round_,
    manager,
    admin,
    member,
    second_member,
    viewer,
):
    elsewhere = UserFactory(email="olga@acme.example")
    MembershipFactory(user=elsewhere, organisation=organisation, role="member", teams=[other_team])
    response = client_for(manager).get(url("respondents", organisation, round_.pk, team.slug))

    form = response.context["form"]
    assert set(form.fields["respondents"].queryset) == {manager, admin, member, second_member}
    assert set(form["respondents"].value()) == {member.pk, second_member.pk}


def test_saving_respondents_changes_them_and_invites_the_new_one(
    client_for,
    organisation,
    team,
    round_,
    manager,
    member,
    second_member,
    django_capture_on_commit_callbacks,
):
    entry = Entry.objects.get(round=round_, team=team)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(
            url("respondents", organisation, round_.pk, team.slug),
            {"respondents": [member.pk, manager.pk]},
        )

    assert response.status_code == 302
    assert set(Respondent.objects.filter(entry=entry).values_list("user", flat=True)) == {
        member.pk,
        manager.pk,
    }
    assert Mail.objects.filter(entry=entry, user=manager, kind=Mail.Kind.INVITATION).exists()


@pytest.mark.parametrize("who", ["viewer", "other_member", "outsider"])
def test_someone_who_may_not_answer_for_the_team_is_refused(
    request, client_for, organisation, other_team, team, round_, manager, viewer, outsider, who
):
    other_member = UserFactory(email="olga@acme.example")
    MembershipFactory(
        user=other_member, organisation=organisation, role="member", teams=[other_team]
    )
    person = {"viewer": viewer, "other_member": other_member, "outsider": outsider}[who]
    entry = Entry.objects.get(round=round_, team=team)
    before = set(entry.respondents.values_list("user", flat=True))

    response = client_for(manager).post(
        url("respondents", organisation, round_.pk, team.slug), {"respondents": [person.pk]}
    )

    assert response.status_code == 200 and response.context["form"].errors["respondents"]
    assert set(entry.respondents.values_list("user", flat=True)) == before


def test_respondents_of_a_closed_round_stay_as_they_were(
    client_for, organisation, team, round_, manager, member
):
    Round.objects.filter(pk=round_.pk).update(closed_at=timezone.now())
    client = client_for(manager)
    page = client.get(url("respondents", organisation, round_.pk, team.slug))
    response = client.post(
        url("respondents", organisation, round_.pk, team.slug), {"respondents": [manager.pk]}
    )

    assert "The round is closed" in page.content.decode()
    assert "The round is closed" in " ".join(response.context["form"].non_field_errors())
    assert not Respondent.objects.filter(user=manager).exists()


def test_the_respondents_page_is_a_404_for_what_is_not_there_and_403_for_members(
    client_for, organisation, team, other_team, round_, manager, member, outsider, model_in_use
):
    lone = TeamFactory(organisation=organisation, name="Lone", slug="lone")
    other_member = UserFactory(email="olga@acme.example")
    MembershipFactory(
        user=other_member, organisation=organisation, role="member", teams=[other_team]
    )

    assert (
        client_for(manager).get(url("respondents", organisation, round_.pk, lone.slug)).status_code
        == 404
    )
    assert (
        client_for(manager).get(url("respondents", organisation, 99999, team.slug)).status_code
        == 404
    )
    assert (
        client_for(member).get(url("respondents", organisation, round_.pk, team.slug)).status_code
        == 403
    )
    assert (
        client_for(other_member)
        .get(url("respondents", organisation, round_.pk, team.slug))
        .status_code
        == 404
    )
    assert (
        client_for(outsider).get(url("respondents", organisation, round_.pk, team.slug)).status_code
        == 404
    )


# --- deadline and closing ---------------------------------------------------------------


def test_extending_the_deadline_clears_late_teams(client_for, organisation, team, round_, manager):
    Entry.objects.filter(round=round_).update(late=True)
    later = round_.deadline + timedelta(days=7)

    client = client_for(manager)
    assert client.get(url("deadline", organisation, round_.pk)).status_code == 200
    response = client.post(
        url("deadline", organisation, round_.pk), {"deadline": later.isoformat()}
    )

    round_.refresh_from_db()
    assert response.status_code == 302 and round_.deadline == later
    assert not Entry.objects.filter(round=round_, late=True).exists()


def test_an_earlier_deadline_is_refused_beside_the_field(client_for, organisation, round_, manager):
    response = client_for(manager).post(
        url("deadline", organisation, round_.pk), {"deadline": round_.deadline.isoformat()}
    )

    assert "after the current one" in " ".join(response.context["form"].errors["deadline"])
    assert Round.objects.get().deadline == round_.deadline


def test_closing_asks_first_then_closes_once(client_for, organisation, round_, manager):
    client = client_for(manager)
    page = client.get(url("close", organisation, round_.pk))
    assert "Close round 2027 Q1?" in page.content.decode()
    assert Round.objects.get().closed_at is None

    response = client.post(url("close", organisation, round_.pk), follow=True)
    again = client.post(url("close", organisation, round_.pk), follow=True)

    round_.refresh_from_db()
    assert round_.closed_at is not None and round_.closed_by == manager
    assert "is closed" in " ".join(messages_of(response))
    assert "closed already" in " ".join(messages_of(again))
    assert "Close round" not in again.content.decode().split("</h1>", 1)[1].split("<section")[0]


@pytest.mark.parametrize("name", ["deadline", "close", "remind", "detail", "export"])
def test_round_pages_are_for_managers_and_a_foreign_round_is_a_404(
    client_for, organisation, round_, manager, member, viewer, outsider, name
):
    assert client_for(member).get(url(name, organisation, round_.pk)).status_code == 403
    assert client_for(viewer).get(url(name, organisation, round_.pk)).status_code == 403
    assert client_for(outsider).get(url(name, organisation, round_.pk)).status_code == 404
    assert client_for(manager).get(url(name, organisation, round_.pk + 1000)).status_code == 404


# --- reminding --------------------------------------------------------------------------


def test_reminding_everyone_sends_once_a_day_and_says_so(
    client_for,
    organisation,
    team,
    round_,
    manager,
    member,
    second_member,
    django_capture_on_commit_callbacks,
):
    client = client_for(manager)
    outbox.outbox.clear()  # the invitations
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url("remind", organisation, round_.pk), follow=True)
    second = client.post(url("remind", organisation, round_.pk), follow=True)

    assert "2 reminders are being sent." in messages_of(first)
    assert "reminded today already" in " ".join(messages_of(second))
    assert Mail.objects.filter(kind=Mail.Kind.NUDGE).count() == 2
    assert sorted(m.to[0] for m in outbox.outbox) == [member.email, second_member.email]


def test_reminding_one_team_reaches_only_its_respondents(
    client_for, organisation, team, other_team, manager, member, model_in_use
):
    olga = UserFactory(email="olga@acme.example")
    MembershipFactory(user=olga, organisation=organisation, role="member", teams=[other_team])
    round_ = open_round(organisation, [team, other_team], manager, model_in_use)
    response = client_for(manager).post(
        url("remind_team", organisation, round_.pk, other_team.slug), follow=True
    )

    assert "1 reminder is being sent." in messages_of(response)
    assert list(Mail.objects.filter(kind=Mail.Kind.NUDGE).values_list("user", flat=True)) == [
        olga.pk
    ]


def test_nobody_to_remind_and_a_closed_round_are_said_plainly(
    client_for, organisation, team, manager, member, model_in_use
):
    member.email_reminders = False  # switched off by the link in an earlier reminder
    member.save()
    round_ = open_round(organisation, [team], manager, model_in_use)
    client = client_for(manager)
    nobody = client.post(url("remind", organisation, round_.pk), follow=True)
    Round.objects.filter(pk=round_.pk).update(closed_at=timezone.now())
    closed = client.post(url("remind_team", organisation, round_.pk, team.slug), follow=True)

    assert "everyone has finished, or has switched reminders off" in " ".join(messages_of(nobody))
    assert "The round is closed" in " ".join(messages_of(closed))
    assert not Mail.objects.filter(kind=Mail.Kind.NUDGE).exists()


def test_a_scheduled_round_reminds_nobody(
    client_for, organisation, team, manager, member, model_in_use
):
    later = timezone.localdate() + timedelta(days=3)
    round_ = open_round(organisation, [team], manager, model_in_use, opens_on=later)
    response = client_for(manager).post(url("remind", organisation, round_.pk), follow=True)

    assert "nobody has been invited yet" in " ".join(messages_of(response))
    assert not Mail.objects.exists()


def test_reminding_is_a_post(client_for, organisation, team, round_, manager):
    client = client_for(manager)
    assert client.get(url("remind", organisation, round_.pk)).status_code == 405
    assert client.get(url("remind_team", organisation, round_.pk, team.slug)).status_code == 405
