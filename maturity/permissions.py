"""Who may do what with an organisation's maturity models (django-rules).

The role predicates are accounts.permissions'; the object is always the organisation.
"""

import rules

from accounts.permissions import is_admin

rules.add_perm("maturity.choose_models_in_use", is_admin)
rules.add_perm("maturity.upload_model", is_admin)
rules.add_perm("maturity.publish_model", is_admin)
rules.add_perm("maturity.retire_model", is_admin)
rules.add_perm("maturity.delete_model", is_admin)  # a draft of the organisation's own
rules.add_perm("maturity.edit_model", is_admin)  # create drafts and change them in the editor
