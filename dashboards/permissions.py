"""Who may see which dashboards (django-rules); the role predicates are accounts.permissions'.

A team's own pages (its dashboard, its changes) follow the team: whoever sees the team
(accounts.permissions.get_team_or_404) sees them. The object here is the organisation.
"""

import rules

from accounts.permissions import is_manager

rules.add_perm("dashboards.view_organisation_dashboard", is_manager)
rules.add_perm("dashboards.compare_teams", is_manager)
