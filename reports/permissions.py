"""Who may order, see and export what (django-rules); the role predicates are
accounts.permissions'. The object is the organisation.

A team's or an assessment's report follows its team: whoever sees the team may order it,
watch it and download it (accounts.permissions.get_team_or_404, reports.views).
"""

import rules

from accounts.permissions import is_manager

rules.add_perm("reports.view_all_reports", is_manager)  # every team's, the organisation's
rules.add_perm("reports.order_organisation_report", is_manager)
rules.add_perm("reports.export_results", is_manager)  # the results as CSV or XLSX
