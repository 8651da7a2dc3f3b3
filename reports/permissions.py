"""Who may order, see and export what (django-rules); the role predicates are
accounts.permissions'. The object is the organisation.

A team's or an assessment's report follows its team: whoever sees the team may watch and
download it (accounts.permissions.get_team_or_404, reports.views); ordering one, or building
it again, is for managers and the team's members, not for viewers, who read and nothing more.
"""

import rules

from accounts.permissions import is_manager
from assessments.permissions import is_team_member

rules.add_perm("reports.view_all_reports", is_manager)  # every team's, the organisation's
rules.add_perm("reports.order_organisation_report", is_manager)
rules.add_perm("reports.order_report", is_manager | is_team_member)  # object: a team
rules.add_perm("reports.export_results", is_manager)  # the results as CSV or XLSX
