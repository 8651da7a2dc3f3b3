"""The plan's follow-up on the answering and results pages of assessments, which know
nothing of plans (layers): the templates ask for it through these tags."""

from dataclasses import dataclass

from django import template
from django.urls import reverse

from plans import follow_up

register = template.Library()


@dataclass(frozen=True)
class AreaActions:
    lines: list
    plan_url: str  # "" when there is nothing to link from


def plan_url(organisation, team) -> str:
    return reverse("plans:plan", args=[organisation.slug, team.slug])


@register.simple_tag(takes_context=True)
def area_actions(context, assessment, area):
    """`{% area_actions assessment area as box %}`: the team's actions for the area being
    answered. In an anonymous assessment without names: who did what in the plan, beside
    the answers, is not for an anonymous page to tell."""
    team = assessment.team
    lines = follow_up.area_actions(
        team, area.key, model=assessment.model, names=not assessment.anonymous
    )
    organisation = context.get("organisation") or team.organisation
    return AreaActions(lines=lines, plan_url=plan_url(organisation, team) if lines else "")


@register.simple_tag
def plan_check(assessment, result, display):
    """`{% plan_check assessment result display as checks %}`: per area, the done actions
    and whether their characteristic is in place now."""
    return follow_up.plan_check(assessment, result, display)
