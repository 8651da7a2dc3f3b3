"""A team's plan: the page, a new action, one taken from the roadmap, editing, a quick status
change and removing one.

Everyone who sees the team reads its plan (viewers too); changing it needs
`plans.change_plan` (its members and managers), else a 403. Another team's or organisation's
action is a 404; a refused change (an archived team, an owner outside the team) is a message,
and nothing is changed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.permissions import get_team_or_404, not_a_post, organisation_view
from assessments.models import Assessment
from maturity.models import Characteristic, visible_models
from plans import selectors, services
from plans.forms import STATUS_LABELS, ActionForm, PlanFilterForm
from plans.models import Action
from plans.permissions import get_action_or_404
from plans.services import PlanConflict, PlanError


def _plan_url(team, action=None):
    url = reverse("plans:plan", args=[team.organisation.slug, team.slug])
    return f"{url}#action-{action.pk}" if action is not None else url


def _edit_url(action):
    return reverse("plans:edit", args=[action.team.organisation.slug, action.team.slug, action.pk])


def _changing(request, team):
    if not request.user.has_perm("plans.change_plan", team):
        raise PermissionDenied


def _number(raw):
    """A primary key from a form, or None (not a number: nothing to look up)."""
    raw = (raw or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 12 else None


@organisation_view()
def plan(request, organisation, team):
    team = get_team_or_404(request.user, organisation, team)
    team.organisation = organisation  # read by the role checks
    form = PlanFilterForm(request.GET or None, team=team)
    owner, status = form.filters()
    groups = selectors.team_plan(team, owner=owner, status=status)
    return render(
        request,
        "plans/plan.html",
        {
            "organisation": organisation,
            "team": team,
            "groups": groups,
            "form": form,
            "filtered": bool(owner or status),
            "has_actions": bool(groups) or Action.objects.filter(team=team).exists(),
            "can_change": request.user.has_perm("plans.change_plan", team) and not team.archived,
            "statuses": Action.Status,
        },
    )


@organisation_view()
@require_http_methods(["GET", "POST"])
def action_new(request, organisation, team):
    team = get_team_or_404(request.user, organisation, team)
    _changing(request, team)
    form = ActionForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(team=team, by=request.user, **form.fields_for_service())
        except PlanError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The action is added to the plan."))
            return redirect(_plan_url(team, action))
    return render(
        request,
        "plans/action_form.html",
        {"organisation": organisation, "team": team, "form": form, "action": None},
    )


@organisation_view()
def action_take(request, organisation, team):
    """One click on a roadmap item: its characteristic becomes an action (the one it already
    has, after a double click), to be given an owner and a due date next."""
    team = get_team_or_404(request.user, organisation, team)
    if refusal := not_a_post(request):
        return refusal
    _changing(request, team)
    characteristic = (
        Characteristic.objects.filter(
            pk=_number(request.POST.get("characteristic")),
            model__in=visible_models([organisation.pk]),
        )
        .select_related("area")
        .first()
    )
    if characteristic is None:
        raise Http404("No such characteristic")
    assessment = None
    if request.POST.get("assessment"):
        assessment = Assessment.objects.filter(
            team=team, pk=_number(request.POST["assessment"])
        ).first()
        if assessment is None or assessment.model_id != characteristic.model_id:
            raise Http404("No such assessment")  # a roadmap item is of its assessment's model
    had_one = (
        Action.objects.filter(team=team, characteristic=characteristic)
        .exclude(status=Action.Status.DROPPED)
        .exists()
    )
    try:
        action = services.action_from_characteristic(
            team=team, characteristic=characteristic, by=request.user, assessment=assessment
        )
    except PlanError as refusal:
        messages.error(request, str(refusal))
        return redirect(_plan_url(team))
    if had_one:
        messages.info(request, _("The team has an action for this characteristic already."))
    else:
        messages.success(request, _("Action created; set its owner and due date."))
    return redirect(_edit_url(action))


@organisation_view()
@require_http_methods(["GET", "POST"])
def action_edit(request, organisation, team, pk):
    action = get_action_or_404(request.user, organisation, team, pk)
    team = action.team
    _changing(request, team)
    form = ActionForm(request.POST or None, team=team, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_update(
                action=action,
                by=request.user,
                seen=form.cleaned_data["seen"],
                **form.fields_for_service(),
            )
        except PlanConflict as conflict:
            messages.error(request, str(conflict))
            # The current values, to decide on again.
            action = get_action_or_404(request.user, organisation, team.slug, pk)
            form = ActionForm(team=team, action=action)
        except PlanError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The action is saved."))
            return redirect(_plan_url(team, action))
    return render(
        request,
        "plans/action_form.html",
        {"organisation": organisation, "team": team, "form": form, "action": action},
    )


@organisation_view()
def action_status(request, organisation, team, pk):
    """A quick status change from the plan page."""
    action = get_action_or_404(request.user, organisation, team, pk)
    if refusal := not_a_post(request):
        return refusal
    _changing(request, action.team)
    status = request.POST.get("status", "")
    if status not in Action.Status.values:
        messages.error(request, _("Choose a status from the list."))
        return redirect(_plan_url(action.team, action))
    try:
        services.action_update(action=action, by=request.user, status=status)
    except PlanError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("“%(title)s” is now: %(status)s.")
            % {"title": action.title, "status": STATUS_LABELS[status]},
        )
    return redirect(_plan_url(action.team, action))


@organisation_view()
@require_http_methods(["GET", "POST"])
def action_delete(request, organisation, team, pk):
    action = get_action_or_404(request.user, organisation, team, pk)
    _changing(request, action.team)
    if request.method == "POST":
        try:
            services.action_delete(action=action, by=request.user)
        except PlanError as refusal:
            messages.error(request, str(refusal))
            return redirect(_plan_url(action.team, action))
        messages.success(request, _("The action “%(title)s” is removed.") % {"title": action.title})
        return redirect(_plan_url(action.team))
    return render(
        request,
        "plans/action_delete.html",
        {"organisation": organisation, "team": action.team, "action": action},
    )
