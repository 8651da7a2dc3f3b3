"""Organisation pages: the organisation's start page, teams, and the admins' settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.forms import InvitationForm, MembershipForm, OrganisationForm, TeamForm
from accounts.models import Invitation, Membership, Team
from accounts.permissions import (
    get_team_or_404,
    organisation_view,
    organisations_for,
    visible_teams,
)
from accounts.selectors import with_member_count
from accounts.services import AccountsError

PAGE_SIZE = 25


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _membership_or_404(organisation, pk):
    return get_object_or_404(
        Membership.objects.select_related("user"), organisation=organisation, pk=pk
    )


@login_required
def organisation_list(request):
    organisations = organisations_for(request.user).annotate(
        team_count=Count("teams", filter=Q(teams__archived=False), distinct=True)
    )
    roles = dict(request.user.memberships.values_list("organisation_id", "role"))
    rows = [(organisation, roles.get(organisation.pk)) for organisation in organisations]
    return render(request, "accounts/organisation_list.html", {"rows": rows})


@organisation_view()
def team_list(request, organisation):
    show_archived = request.GET.get("archived") == "1"
    teams = with_member_count(
        visible_teams(request.user, organisation, include_archived=show_archived)
    ).order_by("name", "pk")
    return render(
        request,
        "accounts/team_list.html",
        {
            "organisation": organisation,
            "page": _page(request, teams),
            "show_archived": show_archived,
        },
    )


@organisation_view("accounts.rename_organisation")
@require_http_methods(["GET", "POST"])
def settings_general(request, organisation):
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_rename(organisation=organisation, name=form.cleaned_data["name"])
        messages.success(request, _("The organisation has been renamed."))
        return redirect("orgs:settings", org=organisation.slug)
    return render(
        request, "accounts/settings_general.html", {"organisation": organisation, "form": form}
    )


@organisation_view("accounts.view_team_settings")
def settings_teams(request, organisation):
    teams = with_member_count(Team.objects.filter(organisation=organisation)).order_by(
        "archived", "name"
    )
    return render(
        request,
        "accounts/settings_teams.html",
        {"organisation": organisation, "page": _page(request, teams)},
    )


@organisation_view("accounts.create_team")
@require_http_methods(["GET", "POST"])
def team_create(request, organisation):
    form = TeamForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            team = services.team_create(
                organisation=organisation,
                name=data["name"],
                slug=data["slug"],
                description=data["description"],
            )
        except AccountsError as error:
            form.add_error("slug", str(error))
        else:
            messages.success(request, _("Team “%(team)s” created.") % {"team": team.name})
            return redirect("orgs:settings_teams", org=organisation.slug)
    return render(request, "accounts/team_form.html", {"organisation": organisation, "form": form})


@organisation_view()
@require_http_methods(["GET", "POST"])
def team_edit(request, organisation, team):
    # A team the user may not see is a 404, as everywhere; one they see but may not edit, 403.
    team = get_team_or_404(request.user, organisation, team)
    if not request.user.has_perm("accounts.change_team", organisation):
        raise PermissionDenied
    form = TeamForm(request.POST or None, instance=team, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.team_update(
                team=team,
                name=data["name"],
                slug=data["slug"],
                description=data["description"],
                archived=data["archived"],
            )
        except AccountsError as error:
            form.add_error("slug", str(error))
        else:
            messages.success(request, _("Team “%(team)s” saved.") % {"team": team.name})
            return redirect("orgs:settings_teams", org=organisation.slug)
    return render(
        request,
        "accounts/team_form.html",
        {"organisation": organisation, "form": form, "team": team},
    )


@organisation_view("accounts.view_member_settings")
def settings_members(request, organisation):
    memberships = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .prefetch_related(Prefetch("teams", queryset=Team.objects.order_by("name")))
        .order_by("user__name", "user__email")
    )
    invitations = (
        Invitation.objects.filter(
            organisation=organisation, accepted_at__isnull=True, revoked_at__isnull=True
        )
        .select_related("invited_by")
        .prefetch_related("teams")
    )
    return render(
        request,
        "accounts/settings_members.html",
        {
            "organisation": organisation,
            "page": _page(request, memberships),
            "invitations": invitations,
        },
    )


@organisation_view("accounts.change_membership")
@require_http_methods(["GET", "POST"])
def member_edit(request, organisation, pk):
    membership = _membership_or_404(organisation, pk)
    form = MembershipForm(
        request.POST or None,
        organisation=organisation,
        initial={"role": membership.role, "teams": membership.teams.all()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                membership=membership,
                role=form.cleaned_data["role"],
                teams=form.cleaned_data["teams"],
            )
        except AccountsError as error:
            form.add_error("role", str(error))
        else:
            messages.success(request, _("%(user)s has been updated.") % {"user": membership.user})
            return redirect("orgs:settings_members", org=organisation.slug)
    return render(
        request,
        "accounts/member_form.html",
        {"organisation": organisation, "form": form, "membership": membership},
    )


@organisation_view("accounts.remove_member")
@require_http_methods(["GET", "POST"])
def member_remove(request, organisation, pk):
    membership = _membership_or_404(organisation, pk)
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership)
        except AccountsError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(user)s no longer belongs to %(organisation)s.")
                % {"user": membership.user, "organisation": organisation},
            )
            if membership.user == request.user:
                return redirect("home")
        return redirect("orgs:settings_members", org=organisation.slug)
    return render(
        request,
        "accounts/member_remove.html",
        {"organisation": organisation, "membership": membership},
    )


@organisation_view("accounts.invite_member")
@require_http_methods(["GET", "POST"])
def invitation_create(request, organisation):
    form = InvitationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.invitation_create(
                organisation=organisation,
                email=data["email"],
                role=data["role"],
                teams=data["teams"],
                by=request.user,
                base_url=request.build_absolute_uri("/"),
            )
        except AccountsError as error:
            form.add_error("email", str(error))
        else:
            if invitation.email_queued is False:
                messages.warning(request, _not_sent_message(invitation))
            else:
                messages.success(
                    request,
                    _("An invitation has been sent to %(email)s.") % {"email": invitation.email},
                )
            return redirect("orgs:settings_members", org=organisation.slug)
    return render(
        request, "accounts/invitation_form.html", {"organisation": organisation, "form": form}
    )


def _not_sent_message(invitation):
    return _(
        "The invitation to %(email)s was saved, but its e-mail could not be sent. "
        "Use “Send again” below in a little while."
    ) % {"email": invitation.email}


@organisation_view("accounts.invite_member")
@require_POST
def invitation_resend(request, organisation, pk):
    invitation = get_object_or_404(Invitation, organisation=organisation, pk=pk)
    try:
        invitation = services.invitation_resend(
            invitation=invitation, base_url=request.build_absolute_uri("/")
        )
    except AccountsError as error:
        messages.error(request, str(error))
    else:
        if invitation.email_queued is False:
            messages.error(request, _not_sent_message(invitation))
        else:
            messages.success(
                request,
                _("The invitation to %(email)s has been sent again.") % {"email": invitation.email},
            )
    return redirect("orgs:settings_members", org=organisation.slug)


@organisation_view("accounts.revoke_invitation")
@require_POST
def invitation_revoke(request, organisation, pk):
    invitation = get_object_or_404(Invitation, organisation=organisation, pk=pk)
    try:
        services.invitation_revoke(invitation=invitation)
    except AccountsError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email},
        )
    return redirect("orgs:settings_members", org=organisation.slug)
