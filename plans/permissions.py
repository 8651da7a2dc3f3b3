"""Who may do what with plans (django-rules), next to accounts.permissions.

A team's plan is read by everyone who sees the team (viewers included) and changed by the
team's members and by managers; the common gaps are for managers.
"""

import rules
from django.http import Http404

from accounts.permissions import get_team_or_404, is_manager
from assessments.permissions import is_team_member
from plans.models import Action

# Object: a team.
rules.add_perm("plans.change_plan", is_manager | is_team_member)
# Object: the organisation.
rules.add_perm("plans.view_gaps", is_manager)


def get_action_or_404(user, organisation, team_slug, pk):
    """An action of a team the user may see; anything else is a 404."""
    team = get_team_or_404(user, organisation, team_slug)
    action = (
        Action.objects.select_related("team__organisation", "owner", "area", "characteristic")
        .filter(team=team, pk=pk)
        .first()
    )
    if action is None:
        raise Http404("No such action")
    return action


# Object: the organisation. Every team's actions as one CSV.
rules.add_perm("plans.export_actions", is_manager)
