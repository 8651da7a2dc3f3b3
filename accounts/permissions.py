"""Who may do what, in one place.

Every view and template asks here. Two kinds of answer:
- scoping: querysets and lookups limited to the user's organisations and teams, so that
  another organisation's object (or a team the user may not see) is a 404;
- permissions (django-rules), checked with `user.has_perm(perm, obj)`, for what a user may
  do inside an organisation they belong to (a refusal there is a 403).

The role predicates (`is_admin`, `is_manager`, `is_member`, `is_in_team`) live here; each
permission is named after one action and registered in the permissions module of the app
the action belongs to (accounts, maturity, assessments, dashboards, reports), each loaded by
its AppConfig.ready. This module registers the actions on organisations, teams, members and
invitations.
"""

from functools import wraps

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed

from accounts.models import Membership, Organisation, Role, Team

SESSION_ORGANISATION_KEY = "current_organisation"


def _membership_cache(user):
    # getattr/setattr rather than __dict__: request.user is a lazy proxy of the same user.
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        cache = user._membership_cache = {}
    return cache


def membership_for(user, organisation):
    """The user's membership in the organisation, or None; cached on the user object."""
    if not user.is_authenticated or organisation is None:
        return None
    cache = _membership_cache(user)
    if organisation.pk not in cache:
        cache[organisation.pk] = Membership.objects.filter(
            user=user, organisation=organisation
        ).first()
    return cache[organisation.pk]


def team_ids(membership):
    """The ids of the membership's teams, read once (only when a role check needs them)."""
    if not hasattr(membership, "_team_ids"):
        membership._team_ids = set(membership.teams.values_list("pk", flat=True))
    return membership._team_ids


def _organisation_of(obj):
    return obj if isinstance(obj, Organisation) else obj.organisation


def _has_role(*roles):
    @rules.predicate
    def predicate(user, obj):
        if obj is None:
            return False
        membership = membership_for(user, _organisation_of(obj))
        return membership is not None and membership.role in roles

    return predicate


is_admin = _has_role(Role.ADMIN)
is_manager = _has_role(Role.ADMIN, Role.MANAGER)
is_member = _has_role(Role.ADMIN, Role.MANAGER, Role.MEMBER, Role.VIEWER)


@rules.predicate
def is_in_team(user, team):
    membership = membership_for(user, team.organisation)
    return membership is not None and team.pk in team_ids(membership)


# Object: the organisation.
rules.add_perm("accounts.view_organisation", is_member)
rules.add_perm("accounts.rename_organisation", is_admin)
rules.add_perm("accounts.view_team_settings", is_admin)
rules.add_perm("accounts.create_team", is_admin)
rules.add_perm("accounts.change_team", is_admin)  # its name, slug, description, archived
rules.add_perm("accounts.view_member_settings", is_admin)
rules.add_perm("accounts.change_membership", is_admin)  # a person's role and teams
rules.add_perm("accounts.remove_member", is_admin)
rules.add_perm("accounts.invite_member", is_admin)
rules.add_perm("accounts.revoke_invitation", is_admin)


def organisations_for(user):
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).order_by("name")


def visible_teams(user, organisation, include_archived=False):
    """The teams of one organisation that this user may see."""
    teams = Team.objects.filter(organisation=organisation)
    if not include_archived:
        teams = teams.filter(archived=False)
    if is_manager(user, organisation):  # managers and admins see every team
        return teams
    return teams.filter(memberships__user=user).distinct()


def get_organisation_or_404(user, slug):
    """One of the user's organisations; its membership is read with it (one query)."""
    membership = None
    if user.is_authenticated:
        membership = (
            Membership.objects.select_related("organisation")
            .filter(user=user, organisation__slug=slug)
            .first()
        )
    if membership is None:
        raise Http404("No such organisation")
    _membership_cache(user)[membership.organisation_id] = membership
    return membership.organisation


def get_team_or_404(user, organisation, slug):
    """A team the user may see, archived ones included; anything else is a 404."""
    if "\x00" in slug:  # from a form: PostgreSQL cannot even compare it (a server error)
        raise Http404("No such team")
    team = visible_teams(user, organisation, include_archived=True).filter(slug=slug).first()
    if team is None:
        raise Http404("No such team")
    return team


def not_a_post(request):
    """A 405 for a POST-only view, asked after its lookup rather than as a decorator, so that
    what the user may not see is a 404 whatever the method."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def organisation_view(permission="accounts.view_organisation"):
    """Decorate a view taking `org` (a slug): load it scoped to the user, check the role.

    An organisation the user does not belong to is a 404; a role that may not do this
    is a 403. The view receives the organisation instead of the slug.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, org, *args, **kwargs):
            organisation = get_organisation_or_404(request.user, org)
            if not request.user.has_perm(permission, organisation):
                raise PermissionDenied
            request.organisation = organisation
            request.membership = membership_for(request.user, organisation)
            if request.session.get(SESSION_ORGANISATION_KEY) != organisation.slug:
                request.session[SESSION_ORGANISATION_KEY] = organisation.slug  # a session write
            return view(request, organisation, *args, **kwargs)

        return wrapper

    return decorator
