"""Addresses of plan pages, for exports and e-mails that link to them."""

from django.urls import reverse


def plan_path(org_slug: str, team_slug: str) -> str:
    """The path of a team's plan page."""
    return reverse("plans:plan", kwargs={"org": org_slug, "team": team_slug})
