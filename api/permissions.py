"""Who may call the API: a live token of the organisation in the address, or a logged-in
person (session, with CSRF) with the role the same page asks for.

A token reads as a manager of its organisation; a read-only token may not write (403).
Another organisation's address is a 404 for both (see OrganisationMixin).

Also the permissions of the API's settings pages (django-rules, loaded by ApiConfig.ready).
"""

import rules
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from accounts.permissions import get_organisation_or_404, is_admin
from api.models import ApiToken

# Object: the organisation. Settings → API: see, create and revoke its tokens.
rules.add_perm("api.manage_tokens", is_admin)


def token_of(request):
    return request.auth if isinstance(request.auth, ApiToken) else None


class ApiAccess(permissions.BasePermission):
    message = _("This token is read-only.")

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        token = token_of(request)
        if token is not None and request.method not in permissions.SAFE_METHODS:
            return token.writes
        return True


class OrganisationMixin:
    """Views under /api/v1/organisations/<org>/: `self.organisation`, scoped to the caller,
    and the permission the matching page checks (`read_permission`, `write_permission`)."""

    read_permission = "accounts.view_organisation"
    write_permission = None  # each writing view names its own

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.organisation = organisation_for(request, kwargs["org"])
        if not request.user.has_perm(self.read_permission, self.organisation):
            self.permission_denied(request, message=_("Your role may not see this."))

    def check_write(self, obj):
        """Before a change, after the lookup (a hidden object is a 404 whatever the method):
        the permission the page asks for the same change, on the organisation or the team."""
        if self.write_permission is None or not self.request.user.has_perm(
            self.write_permission, obj
        ):
            self.permission_denied(self.request, message=_("Your role may not do this."))


def organisation_for(request, slug):
    token = token_of(request)
    if token is not None:
        if token.organisation.slug != slug:
            raise Http404("No such organisation")
        return token.organisation
    return get_organisation_or_404(request.user, slug)
