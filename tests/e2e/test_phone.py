"""Every main page fits a 390 px phone, in English and German: nothing scrolls sideways.

The demo organisation, with a long organisation name, a team with a long name and an extra
team, so that names in tables, cards and charts are as long as real ones get."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import Membership, Organisation, Team
from assessments.models import Assessment
from maturity.models import MaturityModel

ADMIN = "admin@demo.example"
DEMO_PASSWORD = "demo-password"
PHONE = {"width": 390, "height": 844}
LONG_TEAM = "Fraud Detection and Real-Time Payment Risk Machine Learning Engineering"


@pytest.fixture
def demo(transactional_db):
    call_command("load_models", verbosity=0)
    call_command("seed_demo", verbosity=0)
    organisation = Organisation.objects.get(slug="demo")
    organisation.name = "Demo Versicherungs- und Finanzdienstleistungsgesellschaft mbH"
    organisation.save()
    Team.objects.filter(organisation=organisation, slug="fraud-ml").update(name=LONG_TEAM)
    Team.objects.create(
        organisation=organisation,
        slug="customer-lifetime-value-prediction",
        name="Customer Lifetime Value Prediction and Churn Analytics",
        description="Predicts churn and lifetime value for every customer segment, weekly.",
    )
    # The admin also answers for the team, so that the answering page is theirs to see.
    admin = Membership.objects.get(organisation=organisation, user__email=ADMIN)
    admin.teams.add(Team.objects.get(slug="fraud-ml"))


def main_pages():
    """The paths of the main pages, on the demo data (the targets are set on the team page)."""
    open_one = Assessment.objects.get(team__slug="fraud-ml", state=Assessment.State.IN_PROGRESS)
    submitted = (
        Assessment.objects.filter(team__slug="fraud-ml", state=Assessment.State.SUBMITTED)
        .order_by("-date")
        .first()
    )
    model = MaturityModel.objects.get(slug="mlops", organisation=None)
    area = open_one.model.areas.order_by("position").first().key
    team = "/o/demo/teams/fraud-ml/"
    return [
        "/",
        "/o/",
        "/o/demo/",
        "/o/demo/teams/",
        team,
        f"{team}assessments/{submitted.pk}/",
        f"{team}assessments/{open_one.pk}/answer/{area}/",
        f"{team}assessments/{open_one.pk}/facilitate/",
        f"{team}assessments/{open_one.pk}/facilitate/{area}/",
        f"{team}assessments/new/",
        "/o/demo/compare/?teams=fraud-ml&teams=vision&teams=forecasting",
        f"{team}changes/",
        "/o/demo/reports/",
        "/models/",
        f"/models/{model.slug}/{model.version}/",
        "/o/demo/settings/",
        "/o/demo/settings/teams/",
        "/o/demo/settings/teams/fraud-ml/",
        "/o/demo/settings/members/",
        "/o/demo/settings/invitations/new/",
        "/o/demo/settings/models/",
        "/accounts/password/change/",
    ]


def too_wide(page):
    """The page's scroll width and its widest elements if it is wider than the phone (1 px of
    rounding allowed)."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width <= PHONE["width"] + 1:
        return None
    culprits = page.evaluate(WIDEST, PHONE["width"] + 1)
    return width, culprits


# The innermost elements that reach beyond the phone's right edge: what to fix.
WIDEST = """(limit) => [...document.body.querySelectorAll('*')]
  .filter(e => e.getBoundingClientRect().right > limit && !e.closest('.table-responsive'))
  .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > limit))
  .slice(0, 3)
  .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`
    + ` ${Math.round(e.getBoundingClientRect().right)}px`)"""


@pytest.mark.parametrize("language", ["en-GB", "de-DE"])
def test_every_main_page_fits_a_phone(browser, live_server, demo, log_in, language):
    context = browser.new_context(viewport=PHONE, locale=language)
    page = context.new_page()
    wide = {}
    for path in ["/accounts/signup/", "/accounts/login/"]:
        page.goto(f"{live_server.url}{path}")
        wide[path] = too_wide(page)
    log_in(page, ADMIN, DEMO_PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", re.compile(language[:2]))
    for path in main_pages():
        response = page.goto(f"{live_server.url}{path}")
        assert response.ok, (path, response.status)
        wide[path] = too_wide(page)
    context.close()
    too = {path: width for path, width in wide.items() if width}
    assert not too, f"pages wider than {PHONE['width']} px in {language}: {too}"


def test_teams_at_each_level_stays_readable_on_a_phone(browser, live_server, demo, log_in):
    """The stacked bars are drawn for a phone's width: a row per dimension, each bar tall
    enough to tap and its labels as large as the page's small print, not shrunk to a strip."""
    context = browser.new_context(viewport=PHONE, locale="de-DE")
    page = context.new_page()
    log_in(page, ADMIN, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/o/demo/")
    chart = page.locator("section[aria-labelledby=distribution-heading] svg.chart-stacked")
    expect(chart).to_be_visible()
    drawn = chart.evaluate(
        """svg => ({
          labels: [...svg.querySelectorAll('.label')].map(t => t.getBoundingClientRect().height),
          rows: [...new Set([...svg.querySelectorAll('.segment')]
              .map(s => Math.round(s.getBoundingClientRect().top)))],
          bar: Math.min(...[...svg.querySelectorAll('.segment')]
              .map(s => s.getBoundingClientRect().height)),
          width: svg.getBoundingClientRect().width})"""
    )
    context.close()
    assert drawn["width"] <= PHONE["width"], drawn
    assert len(drawn["rows"]) == 3, drawn  # people, process, technology
    assert drawn["bar"] >= 16, drawn
    assert min(drawn["labels"]) >= 12, drawn  # the box of 10 px text, not of 7 px
