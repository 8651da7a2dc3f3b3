"""The role matrix's actions on the audit log (issue 20), each through the real page:
(response, whether the log was shown). Registered in role_actions.ACTIONS."""

from tests.security.role_actions import action
from tests.security.role_world import shown


@action
def see_audit_log(w):
    response = w.client.get(w.url("audit:list"))
    return response, shown(response, "audit/entry_list.html")


@action
def export_audit_log(w):
    response = w.client.get(w.url("audit:export"))
    return response, response.status_code == 200 and response["Content-Type"].startswith("text/csv")
