"""Single sign-on in Chromium against the real OpenID Connect test provider
(tests/sso/provider/, django-oauth-toolkit in its own process on 127.0.0.1): the first
sign-in makes the account and the membership, the second finds the same account.

The provider fixture fails (not skips) under REQUIRE_SERVICES=1 when it cannot start."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Membership, User
from tests.factories import OrganisationFactory, TeamFactory
from tests.sso.provider.fixture import PASSWORD, acme_provider_of
from tests.sso.provider.fixture import oidc_provider as oidc_provider  # a fixture


@pytest.fixture
def acme(oidc_provider, settings):  # noqa: F811
    settings.SSO_ALLOW_HTTP = True
    organisation = OrganisationFactory(name="Acme", slug="acme")
    team = TeamFactory(organisation=organisation, name="Fraud ML", slug="fraud-ml")
    acme_provider_of(organisation, oidc_provider)
    return organisation, team


def sign_in_at_provider(page, oidc_provider, username):  # noqa: F811
    """On the provider's page, if it asks (it does not while its own session lasts)."""
    if page.url.startswith(oidc_provider.url):
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("#provider-login")
    page.wait_for_load_state()


def test_first_sign_in_creates_the_account_and_a_second_finds_it(
    page,
    live_server,
    oidc_provider,
    acme,  # noqa: F811
):
    organisation, team = acme
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("#sso-find-link")
    page.fill("#id_email", "alice@acme.example")
    page.click("#sso-find")
    expect(page).to_have_url(re.compile(re.escape(oidc_provider.url) + r"/login/"))
    sign_in_at_provider(page, oidc_provider, "alice")
    expect(page).to_have_url(f"{live_server.url}/o/acme/")
    expect(page.locator("#user-menu")).to_be_visible()

    user = User.objects.get(email="alice@acme.example")
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user, organisation=organisation)
    assert membership.role == "member"
    assert list(membership.teams.all()) == [team]

    # Sign out: here, and then at the provider (its end-session endpoint).
    page.click("#user-menu")
    page.click("form[action='/accounts/logout/'] button")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("#user-menu")).to_have_count(0)

    # The second sign-in, by the organisation's own link: the same account.
    page.goto(f"{live_server.url}/accounts/sso/acme/start/")
    sign_in_at_provider(page, oidc_provider, "alice")
    expect(page).to_have_url(f"{live_server.url}/o/acme/")
    expect(page.locator("#user-menu")).to_be_visible()
    assert User.objects.filter(email="alice@acme.example").count() == 1
    assert Membership.objects.filter(user=user).count() == 1


def test_a_person_of_another_domain_is_refused(page, live_server, oidc_provider, acme):  # noqa: F811
    page.goto(f"{live_server.url}/accounts/sso/acme/start/")
    sign_in_at_provider(page, oidc_provider, "bob")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.locator("main")).to_contain_text("elsewhere.example cannot sign in with Acme ID")
    assert not User.objects.filter(email="bob@elsewhere.example").exists()
