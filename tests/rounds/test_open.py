"""Opening a round: an assessment per team (an open one adopted), respondents, invitations."""

from datetime import date, timedelta

import pytest
from django.core import mail as outbox
from django.utils import timezone

from assessments import services as assessment_services
from assessments.models import Assessment
from rounds import services
from rounds.models import Entry, Mail, Respondent
from tests.answers import answer_everything
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.rounds.round_helpers import open_round


@pytest.fixture
def teams(organisation, team, other_team):
    archived = TeamFactory(organisation=organisation, name="Old", slug="old", archived=True)
    return team, other_team, archived


def test_opening_creates_an_assessment_per_team_adopts_an_open_one_and_invites(
    organisation,
    team,
    other_team,
    manager,
    member,
    second_member,
    model_in_use,
    django_capture_on_commit_callbacks,
):
    viewer = UserFactory(email="v@acme.example")
    MembershipFactory(user=viewer, organisation=organisation, role="viewer", teams=[team])
    open_one = assessment_services.assessment_start(
        team=other_team, model=model_in_use, label="Nov", date=date(2026, 11, 20), by=manager
    )
    with django_capture_on_commit_callbacks(execute=True):
        round_ = open_round(organisation, [team, other_team], manager, model_in_use)
    entries = {e.team_id: e for e in Entry.objects.filter(round=round_)}
    assert entries[other_team.pk].assessment == open_one and entries[other_team.pk].adopted
    created = entries[team.pk].assessment
    assert created.label == "2027 Q1" and not entries[team.pk].adopted
    assert set(
        Respondent.objects.filter(entry=entries[team.pk]).values_list("user", flat=True)
    ) == {
        member.pk,
        second_member.pk,
    }
    assert sorted(m.to[0] for m in outbox.outbox) == [member.email, second_member.email]
    assert f"/assessments/{created.pk}/answer/" in outbox.outbox[0].body
    assert Mail.objects.filter(sent_at__isnull=False).count() == 2


def test_archived_teams_and_repeated_labels_are_refused_and_change_nothing(
    organisation, teams, manager, model_in_use
):
    with pytest.raises(services.RoundError):
        open_round(organisation, teams, manager, model_in_use)
    open_round(organisation, teams[:1], manager, model_in_use)
    with pytest.raises(services.RoundError, match="round “2027 Q1” already"):
        open_round(organisation, teams[1:2], manager, model_in_use, label="2027 Q1")
    with pytest.raises(services.RoundError, match="another open round: Fraud ML"):
        open_round(organisation, teams[:2], manager, model_in_use, label="2027 Q2")
    assert Assessment.objects.count() == 1


def test_the_deadline_submits_complete_assessments_and_marks_the_rest_late(
    organisation, team, other_team, manager, member, model_in_use
):
    round_ = open_round(organisation, [team, other_team], manager, model_in_use)
    done = Entry.objects.get(round=round_, team=team).assessment
    answer_everything(done, member)
    assert services.deadline_pass(round_) == ([], [])  # not yet
    round_.deadline = timezone.localdate() - timedelta(days=1)
    round_.save()
    submitted, late = services.deadline_pass(round_)
    assert submitted == [done.pk]
    assert Entry.objects.get(round=round_, team=other_team).late
    done.refresh_from_db()
    assert done.is_submitted and done.overall_score is not None
    assert services.deadline_pass(round_) == ([], [])


def test_an_assessment_left_open_by_a_closed_round_is_taken_into_the_next(
    organisation, team, manager, member, model_in_use
):
    first = open_round(organisation, [team], manager, model_in_use)
    services.round_close(round_=first, by=manager)
    second = open_round(organisation, [team], manager, model_in_use, label="2027 Q2")

    [entry] = Entry.objects.filter(round=second)
    assert entry.adopted
    assert entry.assessment == Entry.objects.get(round=first).assessment
    with pytest.raises(services.RoundError, match="another open round"):
        open_round(organisation, [team], manager, model_in_use, label="2027 Q3")
