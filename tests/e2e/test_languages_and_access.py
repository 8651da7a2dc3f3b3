import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def demo(transactional_db):
    call_command("load_models", verbosity=0)
    call_command("seed_demo", verbosity=0)


def test_switching_language_changes_the_models_texts(page, live_server, demo, log_in, axe):
    log_in(page, "data.scientist@demo.example", "demo-password")
    page.goto(f"{live_server.url}/models/mlops/1/")
    expect(page.locator("h1")).to_contain_text("Machine learning operations maturity model")
    axe(page)

    page.select_option("#language-select", "de")
    page.click("footer button[type=submit]")

    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("h1")).to_contain_text("Reifemodell für Machine Learning-Vorgänge")
    expect(page.locator("table.model-matrix")).to_contain_text("Manuelles Sammeln von Daten")
    axe(page)


def test_an_outsider_gets_404_for_another_organisations_pages(page, live_server, demo, log_in):
    outsider = UserFactory(email="eve@elsewhere.example")
    MembershipFactory(
        user=outsider, organisation=OrganisationFactory(slug="elsewhere"), role="admin"
    )
    log_in(page, outsider.email, PASSWORD)

    for path in ("/o/demo/", "/o/demo/teams/fraud-ml/", "/o/demo/reports/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 404, path
        expect(page.locator("h1")).to_have_text(re.compile("Page not found|Seite nicht gefunden"))
