"""An organisation builds its own model in the editor (issue 21): an English-only model with
two dimensions, three areas and three levels, previewed, published, put in use, and then a
team is assessed with it from start to results."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment
from maturity.models import MaturityModel
from tests.e2e.conftest import level_label, level_radio
from tests.factories import MembershipFactory, OrganisationFactory, TeamFactory, UserFactory

LEVELS = ("Ad hoc", "Managed", "Optimised")
DIMENSIONS = ("Culture", "Tooling")
AREAS = (("Team work", "Culture"), ("Builds", "Tooling"), ("Alerts", "Tooling"))


@pytest.fixture
def acme(transactional_db):
    organisation = OrganisationFactory(name="Acme", slug="acme")
    TeamFactory(organisation=organisation, name="Platform", slug="platform")
    admin = UserFactory(email="alice@acme.example")
    MembershipFactory(user=admin, organisation=organisation, role="admin")
    return organisation


def submit(page):
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def add(page, kind_button, fields, select=None):
    page.click(f"main a:text-is('{kind_button}')")
    for field, value in fields.items():
        page.fill(f"#id_{field}", value)
    for field, label in (select or {}).items():
        page.select_option(f"#id_{field}", label=label)
    submit(page)
    expect(page.locator("main .alert-success")).to_be_visible()


def test_build_publish_and_assess_with_an_own_model(page, live_server, acme, log_in, axe):
    log_in(page, "alice@acme.example")
    page.goto(f"{live_server.url}/o/acme/settings/models/")
    page.click("main a:text-is('New model')")
    page.fill("#id_slug", "platform-model")
    expect(page.locator("#id_version")).to_have_value("1")
    page.select_option("#id_languages", "en")
    page.fill("#id_name_en", "Platform maturity")
    page.fill("#id_description_en", "How a platform team works.")
    axe(page)
    submit(page)
    expect(page).to_have_url(re.compile(r"/edit/$"))

    for name in LEVELS:
        add(page, "Add a level", {"name_en": name, "title_en": name})
    for name in DIMENSIONS:
        add(page, "Add a dimension", {"name_en": name})
    for name, dimension in AREAS:
        add(page, "Add an area", {"name_en": name}, select={"dimension": dimension})
    for name, _dimension in AREAS:
        # The editor shows one area's characteristics at a time: choose the area first.
        page.locator("#characteristics nav a", has_text=name).click()
        expect(page.locator("#characteristics nav a[aria-current=page]")).to_contain_text(name)
        for number, level in enumerate(LEVELS):
            add(
                page,
                f"Add a characteristic to {name}",
                {"text_en": f"{name}: {level.lower()}"},
                select={"level": f"{number} {level}"},
            )
    # Reordering by keyboard: Alerts moves up above Builds.
    alerts = page.locator("#areas li", has_text="Alerts")
    alerts.locator("button:has-text('Move up')").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#areas li").nth(1)).to_contain_text("Alerts")
    axe(page)

    page.click("main a:text-is('Preview')")
    table = page.locator("table.model-matrix")
    for name, _dimension in AREAS:
        expect(table.locator("thead")).to_contain_text(name)
    expect(table).to_contain_text("Builds: optimised")
    page.click("main .alert a")  # back to the editor

    page.click("main button:text-is('Publish')")
    expect(page).to_have_url(re.compile(r"/settings/models/$"))
    expect(page.locator("main .alert-success")).to_contain_text("Platform maturity")
    model = MaturityModel.objects.get(slug="platform-model")
    assert model.status == "published" and model.language_list == ["en"]
    assert list(model.areas.values_list("key", flat=True)) == ["team-work", "alerts", "builds"]

    page.get_by_label(re.compile("Platform maturity")).check()
    page.click("main form button:text-is('Save')")
    expect(page.locator("main .alert-success")).to_be_visible()

    # A team is assessed with it: started, every area answered, submitted.
    page.goto(f"{live_server.url}/o/acme/teams/platform/assessments/new/")
    submit(page)
    expect(page).to_have_url(re.compile(r"/answer/"))
    assessment = Assessment.objects.get(team__slug="platform")
    assert assessment.model == model
    keys = list(model.areas.order_by("position").values_list("key", flat=True))
    for index, key in enumerate(keys):
        if index:
            page.locator("#steps a").nth(index).click()
            expect(page).to_have_url(re.compile(f"/answer/{key}/$"))
        with page.expect_response(lambda r: r.request.method == "POST" and "/answer/" in r.url):
            page.click(level_label(index % 3))
        expect(page.locator(level_radio(index % 3))).to_be_checked()

    page.goto(f"{live_server.url}/o/acme/teams/platform/assessments/{assessment.pk}/submit/")
    submit(page)
    expect(page).to_have_url(re.compile(f"/assessments/{assessment.pk}/$"))
    assessment.refresh_from_db()
    assert assessment.is_submitted
    for name, _dimension in AREAS:
        expect(page.locator("main")).to_contain_text(name)
    axe(page)
