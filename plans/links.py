"""Addresses of plan pages, for exports and e-mails that link to them."""

from django.urls import NoReverseMatch, reverse


def plan_path(org_slug: str, team_slug: str) -> str:
    """The path of a team's plan page."""
    kwargs = {"org": org_slug, "team": team_slug}
    try:
        return reverse("plans:plan", kwargs=kwargs)
    except NoReverseMatch:  # not named (yet): the export's address is the page's + actions.csv
        return reverse("plans:export", kwargs=kwargs).removesuffix("actions.csv")
