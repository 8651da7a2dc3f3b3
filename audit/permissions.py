"""Who reads an organisation's audit log: its administrators."""

import rules

from accounts.permissions import is_admin

rules.add_perm("audit.view_audit_log", is_admin)
