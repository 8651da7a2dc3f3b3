"""Who manages an organisation's sign-in (single sign-on): its administrators."""

import rules

from accounts.permissions import is_admin

rules.add_perm("sso.manage_sign_in", is_admin)
