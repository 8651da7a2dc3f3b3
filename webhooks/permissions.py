"""Who manages an organisation's webhooks: its administrators, as its other settings."""

import rules

from accounts.permissions import is_admin

rules.add_perm("webhooks.manage_webhooks", is_admin)
