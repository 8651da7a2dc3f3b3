"""The rounds' forms: reminder days as people type them, the teams on offer, the filters."""

from datetime import timedelta

import pytest
from django import forms
from django.utils import timezone

from rounds.forms import (
    DeadlineForm,
    ProgressFilterForm,
    RespondentsForm,
    RoundForm,
    parse_days,
)
from rounds.models import Entry
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.rounds.round_helpers import open_round


@pytest.mark.parametrize(
    ("text", "days"),
    [("3, 1", [3, 1]), ("1 3", [3, 1]), ("7,7, 0", [7, 0]), ("", []), ("  ", []), ("60", [60])],
)
def test_reminder_days_are_read_as_whole_days_latest_last(text, days):
    assert parse_days(text) == days


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("soon", "Write whole days"),
        ("-1", "Write whole days"),
        ("1.5", "Write whole days"),
        ("٣", "Write whole days"),  # an Arabic-Indic three: a digit, but not one we read
        ("9" * 40, "Write whole days"),
        ("61", "0 to 60 days"),
        ("1 2 3 4 5 6", "At most 5 reminders"),
    ],
)
def test_reminder_days_that_are_not_days_are_refused(text, message):
    with pytest.raises(forms.ValidationError, match=message):
        parse_days(text)


def data(model, **overrides):
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


def test_all_active_teams_are_every_team_but_the_archived(
    organisation, team, other_team, model_in_use
):
    TeamFactory(organisation=organisation, name="Old", slug="old", archived=True)
    TeamFactory(name="Globex ML")
    form = RoundForm(data(model_in_use), organisation=organisation)

    assert form.is_valid(), form.errors
    assert {t.name for t in form.chosen_teams()} == {"Fraud ML", "Forecasting"}
    assert form.cleaned_data["reminder_days"] == [3, 1]


def test_chosen_teams_are_the_ticked_ones_and_never_an_archived_one(
    organisation, team, other_team, model_in_use
):
    archived = TeamFactory(organisation=organisation, name="Old", slug="old", archived=True)
    chosen = RoundForm(
        data(model_in_use, which_teams="chosen", teams=[team.pk]), organisation=organisation
    )
    refused = RoundForm(
        data(model_in_use, which_teams="chosen", teams=[team.pk, archived.pk]),
        organisation=organisation,
    )

    assert chosen.is_valid() and chosen.chosen_teams() == [team]
    assert not refused.is_valid() and "teams" in refused.errors


def test_a_model_not_in_use_and_dates_out_of_range_are_refused(organisation, team, mini_model):
    form = RoundForm(
        data(mini_model, opens_on="1999-12-31", deadline="9999-12-31"), organisation=organisation
    )

    assert not form.is_valid()
    assert set(form.errors) == {"model", "opens_on", "deadline"}


def test_the_deadline_form_offers_iso_dates_within_the_window():
    form = DeadlineForm(initial={"deadline": timezone.localdate()})
    html = str(form["deadline"])

    assert 'type="date"' in html and f'value="{timezone.localdate().isoformat()}"' in html
    assert 'min="2000-01-01"' in html


@pytest.mark.parametrize(
    ("query", "understood"),
    [
        ({"state": "late", "q": " fraud "}, ("late", "fraud")),
        ({"state": "everything"}, ("", "")),
        ({"q": "a\x00b"}, ("", "")),
        ({}, ("", "")),
    ],
)
def test_progress_filters_keep_what_they_understand(query, understood):
    assert ProgressFilterForm(query or None).filters() == understood


def test_respondents_on_offer_are_members_and_managers_never_viewers(
    organisation, team, other_team, manager, admin, member, viewer, model_in_use
):
    elsewhere = UserFactory(email="olga@acme.example")
    MembershipFactory(user=elsewhere, organisation=organisation, role="member", teams=[other_team])
    outsider = UserFactory(email="x@globex.example")
    MembershipFactory(user=outsider, role="admin")
    round_ = open_round(organisation, [team], manager, model_in_use)
    entry = Entry.objects.select_related("team").get(round=round_)

    form = RespondentsForm(entry=entry)

    assert set(form.fields["respondents"].queryset) == {manager, admin, member}
    assert f"{member.name} &lt;{member.email}&gt;" in str(form["respondents"])
