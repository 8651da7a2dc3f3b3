import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Team
from maturity.models import MaturityModel
from tests.e2e.conftest import LOCALES, PASSWORD, translated
from tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

INVITATION_PATH = re.compile(r"/accounts/invitations/[^\s]+/")


def accept_invitation(page, name):
    """Create an account on the invitation page that is open."""
    page.fill("#id_name", name)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("main button[type=submit]")


def choose_the_model(page, org, slug="mlops"):
    """Sign-up's next step when several models are published (two are shipped): tick one of
    them among the models in use and save; the first choice leads on to the dashboard."""
    expect(page).to_have_url(f"{org}/settings/models/")
    model = MaturityModel.objects.get(slug=slug, organisation=None)
    page.check(f"input[name=models][value='{model.pk}']")
    page.click("main form[action$='/settings/models/'] button[type=submit]")
    expect(page).to_have_url(f"{org}/")
    assert list(model.used_by.values_list("slug", flat=True)) == [org.rsplit("/", 1)[1]]


@pytest.fixture(params=LOCALES)
def locale(request):
    return request.param


@pytest.fixture
def browser_context_args(browser_context_args, locale):
    return {**browser_context_args, "locale": locale}


def test_sign_up_create_teams_and_invite_a_colleague(
    page, browser, live_server, transactional_db, axe, locale
):
    call_command("load_models", verbosity=0)  # two published models: sign-up asks which
    slug = "northwind"
    org = f"{live_server.url}/o/{slug}"

    page.goto(f"{live_server.url}/accounts/signup/")
    expect(page.locator("#id_email")).to_be_visible()
    axe(page)
    page.fill("#id_name", "Ada Admin")
    page.fill("#id_email", "ada@northwind.example")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.fill("#id_organisation_name", "Northwind Traders")
    page.fill("#id_organisation_slug", slug)
    page.click("main button[type=submit]")

    choose_the_model(page, org)
    axe(page)
    page.goto(f"{org}/")
    expect(page.locator("main")).to_contain_text("Northwind Traders")
    axe(page)

    teams = {
        "Fraud Detection": "Models that spot fraudulent payments.",
        "Demand Forecasting": "Forecasts for the warehouses.",
    }
    for number, (name, description) in enumerate(teams.items()):
        page.goto(f"{org}/settings/teams/new/")
        expect(page.locator("#id_name")).to_be_visible()
        if number == 0:
            axe(page)
        page.fill("#id_name", name)
        page.fill("#id_description", description)
        page.click("main form button[type=submit]")
        expect(page).to_have_url(f"{org}/settings/teams/")

    page.goto(f"{org}/teams/")
    for name in teams:
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()

    invited_team = Team.objects.get(organisation__slug=slug, name="Fraud Detection")
    mail.outbox.clear()
    page.goto(f"{org}/settings/invitations/new/")
    page.fill("#id_email", "grace@northwind.example")
    page.select_option("#id_role", "member")
    page.check(f"input[name=teams][value='{invited_team.pk}']")
    page.click("main form button[type=submit]")
    expect(page).to_have_url(f"{org}/settings/members/")

    assert len(mail.outbox) == 1, [message.subject for message in mail.outbox]
    message = mail.outbox[0]
    assert message.to == ["grace@northwind.example"]
    path = INVITATION_PATH.search(message.body).group(0)

    context = browser.new_context(locale=locale)
    try:
        colleague = context.new_page()
        colleague.goto(f"{live_server.url}{path}")
        expect(colleague.locator("#id_password1")).to_be_visible()
        axe(colleague)
        accept_invitation(colleague, "Grace Colleague")

        expect(colleague).to_have_url(f"{org}/")
        colleague.goto(f"{org}/teams/")
        expect(colleague.get_by_role("link", name="Fraud Detection", exact=True)).to_be_visible()
        expect(colleague.get_by_role("link", name="Demand Forecasting", exact=True)).to_have_count(
            0
        )
    finally:
        context.close()


def test_an_expired_or_used_invitation_says_so(
    page, browser, live_server, transactional_db, locale
):
    organisation = OrganisationFactory(name="Initech", slug="initech")
    admin = UserFactory(email="bill@initech.example")
    MembershipFactory(user=admin, organisation=organisation, role="admin")
    used = InvitationFactory(
        organisation=organisation, email="peter@initech.example", invited_by=admin
    )
    expired = InvitationFactory(
        organisation=organisation,
        email="milton@initech.example",
        invited_by=admin,
        expires_at=timezone.now() - timedelta(days=1),
    )
    used_url = f"{live_server.url}/accounts/invitations/{used.token}/"

    page.goto(used_url)
    accept_invitation(page, "Peter Gibbons")
    expect(page).to_have_url(f"{live_server.url}/o/initech/")

    context = browser.new_context(locale=locale)
    try:
        stranger = context.new_page()
        response = stranger.goto(used_url)
        assert response.status == 410
        expect(stranger.locator("main")).to_contain_text(
            translated(locale, "This invitation has been used already.")
        )

        response = stranger.goto(f"{live_server.url}/accounts/invitations/{expired.token}/")
        assert response.status == 410
        expect(stranger.locator("main")).to_contain_text(
            translated(locale, "This invitation has expired. Ask for a new one.")
        )
    finally:
        context.close()
