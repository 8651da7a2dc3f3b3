"""Plans on other apps' pages: the actions already taken from a roadmap (assessments'
roadmap partial: the results page and the team dashboard, never the PDF) and the reader's
pending actions on their home page. Templates are the wiring: assessments' views need not
know plans."""

from django import template

from plans import selectors
from plans.forms import STATUS_LABELS
from plans.models import Action

register = template.Library()


@register.simple_tag
def roadmap_actions(team):
    """characteristic key → the team's live (not dropped) action serving it, in one query.
    By key: an action taken from an earlier model version still counts in a later one."""
    if team is None:
        return {}
    rows = (
        Action.objects.filter(team=team, characteristic__isnull=False)
        .exclude(status=Action.Status.DROPPED)
        .select_related("characteristic")
        .order_by("pk")
    )
    return {action.characteristic.key: action for action in rows}


@register.simple_tag(takes_context=True)
def may_change_plan(context, team):
    """Whether the page's reader may add to the team's plan now (not in an archived team)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(
        team is not None
        and user is not None
        and not team.archived
        and user.has_perm("plans.change_plan", team)
    )


@register.filter
def action_for(taken, characteristic):
    """The action of `roadmap_actions` serving this characteristic, or None."""
    return (taken or {}).get(getattr(characteristic, "key", None))


@register.filter
def status_label(status):
    """An action's status as plans name it (plans.forms.STATUS_LABELS)."""
    return STATUS_LABELS.get(status, status)


@register.simple_tag(takes_context=True)
def my_actions(context, limit=10):
    """The reader's pending actions in the page's organisation (plans.selectors.my_actions)."""
    request = context.get("request")
    return selectors.my_actions(getattr(request, "membership", None), limit=limit)
