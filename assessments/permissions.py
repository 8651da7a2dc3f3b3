"""Who may do what with assessments (django-rules), next to accounts.permissions."""

import rules
from django.http import Http404

from accounts.models import Role
from accounts.permissions import get_team_or_404, is_manager, membership_for, team_ids
from assessments.models import Assessment


@rules.predicate
def is_team_member(user, team):
    membership = membership_for(user, team.organisation)
    return (
        membership is not None
        and membership.role == Role.MEMBER
        and team.pk in team_ids(membership)
    )


@rules.predicate
def answers_for_team(user, assessment):
    return is_manager(user, assessment.team) or is_team_member(user, assessment.team)


@rules.predicate
def is_facilitator(user, assessment):
    # Named as a member of the team: once made a viewer (or moved out), no longer.
    return (
        assessment.facilitator_id is not None
        and assessment.facilitator_id == user.pk
        and is_team_member(user, assessment.team)
    )


@rules.predicate
def manages_team(user, assessment):
    return is_manager(user, assessment.team)


rules.add_perm("assessments.start", is_manager | is_team_member)  # object: a team
rules.add_perm("assessments.answer", answers_for_team)
rules.add_perm("assessments.facilitate", manages_team | is_facilitator)
rules.add_perm("assessments.submit", manages_team | is_facilitator)
rules.add_perm("assessments.reopen", manages_team)
rules.add_perm("assessments.name_facilitator", manages_team)
rules.add_perm("assessments.set_targets", is_manager)  # object: a team (services.target_set)


def get_assessment_or_404(user, organisation, team_slug, pk):
    """An assessment of a team the user may see; anything else is a 404."""
    team = get_team_or_404(user, organisation, team_slug)
    assessment = (
        Assessment.objects.select_related("team__organisation", "model", "facilitator")
        .filter(team=team, pk=pk)
        .first()
    )
    if assessment is None:
        raise Http404("No such assessment")
    return assessment
