"""Helpers for the tests of rounds: a round open today, moved in time by changing
its dates (the code reads the clock; the tests move the round instead)."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Membership, Team, User
from rounds import services
from rounds.models import Entry, Mail, Round


def today():
    return timezone.localdate()


def open_round(organisation, teams, by, model, *, days_left=14, opened_days_ago=0, **kwargs):
    """A round opened `opened_days_ago` (its invitations recorded) whose deadline is
    `days_left` days from today."""
    values = {
        "organisation": organisation,
        "label": "2027 Q1",
        "model": model,
        "opens_on": today() - timedelta(days=opened_days_ago),
        "deadline": today() + timedelta(days=days_left),
        "teams": teams,
        "by": by,
    }
    return services.round_open(**{**values, **kwargs})


def move(round_, *, days_left=None, opened_days_ago=None, **fields):
    """Change the round's dates relative to today, as time passing would."""
    if days_left is not None:
        fields["deadline"] = today() + timedelta(days=days_left)
    if opened_days_ago is not None:
        fields["opens_on"] = today() - timedelta(days=opened_days_ago)
    Round.objects.filter(pk=round_.pk).update(**fields)
    round_.refresh_from_db()
    return round_


def assessment_of(round_, team):
    return Entry.objects.get(round=round_, team=team).assessment


def mails(kind=None, **filters):
    found = Mail.objects.filter(**filters)
    return found.filter(kind=kind) if kind else found


def many_respondents(organisation, teams, per_team):
    """`teams` teams of `per_team` members each, in a few bulk inserts: (teams, users)."""
    made = Team.objects.bulk_create(
        Team(organisation=organisation, name=f"Team {n:04}", slug=f"team-{n:04}")
        for n in range(teams)
    )
    users = User.objects.bulk_create(
        User(email=f"p{n:05}@acme.example", name=f"Person {n}", password="!")
        for n in range(teams * per_team)
    )
    memberships = Membership.objects.bulk_create(
        Membership(organisation=organisation, user=user, role="member") for user in users
    )
    Membership.teams.through.objects.bulk_create(
        (
            Membership.teams.through(membership=membership, team=made[n // per_team])
            for n, membership in enumerate(memberships)
        ),
        batch_size=2000,
    )
    return made, users
