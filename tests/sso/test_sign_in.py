"""Single sign-on against a real OpenID Connect provider (tests/sso/provider/, started by the
`oidc_provider` fixture): the whole code flow with state, nonce and PKCE, with Django's test
client as the site's browser and `requests` as the provider's."""

from urllib.parse import parse_qs, urlsplit

import pytest

from accounts.models import Membership, User
from tests.factories import MembershipFactory, UserFactory
from tests.sso.provider.fixture import provider_sign_in

START = "/accounts/sso/acme/start/"


def sign_in(client, username, start=START):
    response = client.get(start)
    assert response.status_code == 302
    authorize = response["Location"]
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    callback = provider_sign_in(authorize, username)
    assert callback.startswith("http://testserver/accounts/sso/callback/?")
    return client.get(callback.removeprefix("http://testserver"))


def messages_of(client, response):
    return [str(message) for message in response.wsgi_request._messages]


@pytest.mark.django_db
def test_first_sign_in_creates_the_account_and_membership_and_the_second_finds_it(
    client, acme_provider, team
):
    response = sign_in(client, "alice")
    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(email="alice@acme.example")
    assert not user.has_usable_password()
    assert user.name == "Alice Example"
    assert int(client.session["_auth_user_id"]) == user.pk
    membership = Membership.objects.get(user=user, organisation=acme_provider.organisation)
    assert membership.role == "member"
    assert list(membership.teams.all()) == [team]  # the "fraud-ml" group

    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session
    response = sign_in(client, "alice")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert User.objects.filter(email="alice@acme.example").count() == 1
    assert Membership.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_a_user_of_another_domain_is_refused(client, acme_provider):
    response = sign_in(client, "bob")
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="bob@elsewhere.example").exists()
    assert any(
        "elsewhere.example cannot sign in with Acme ID" in m for m in messages_of(client, response)
    )


@pytest.mark.django_db
def test_an_unverified_address_is_refused(client, acme_provider):
    response = sign_in(client, "una")
    assert "_auth_user_id" not in client.session
    assert any("not verified" in m for m in messages_of(client, response))
    assert not User.objects.filter(email="una@acme.example").exists()


@pytest.mark.django_db
def test_a_replayed_callback_is_refused(client, acme_provider):
    response = client.get(START)
    callback = provider_sign_in(response["Location"], "carol").removeprefix("http://testserver")
    assert int(client.get(callback) and client.session["_auth_user_id"])
    client.post("/accounts/logout/")
    response = client.get(callback)  # same state and code again
    assert "_auth_user_id" not in client.session
    assert any("not started here" in m for m in messages_of(client, response))


@pytest.mark.django_db
def test_an_account_of_another_organisation_is_not_taken_over(
    client, acme_provider, other_organisation
):
    """An administrator who lists a domain does not get the accounts of other organisations."""
    carol = UserFactory(email="carol@acme.example")
    MembershipFactory(user=carol, organisation=other_organisation, role="admin")
    response = sign_in(client, "carol")
    assert "_auth_user_id" not in client.session
    assert any("another organisation" in m for m in messages_of(client, response))


@pytest.mark.django_db
def test_sign_out_ends_the_session_and_the_providers(client, acme_provider, oidc_provider):
    sign_in(client, "alice")
    response = client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session
    location = response.context["end_session_url"]
    assert f'content="0;url={location.replace("&", "&amp;")}"' in response.content.decode()
    assert location.startswith(f"{oidc_provider.issuer}/logout/?")
    query = parse_qs(urlsplit(location).query)
    assert query["client_id"] == [oidc_provider.client_id]
    assert query["id_token_hint"] and query["post_logout_redirect_uri"] == ["http://testserver/"]


@pytest.mark.django_db
def test_the_login_page_finds_the_provider_by_email_domain(client, acme_provider):
    response = client.post("/accounts/sso/", {"email": "alice@ACME.example"})
    assert response.status_code == 302
    assert response["Location"].startswith(f"{acme_provider.issuer}/authorize/?")
    assert "login_hint=alice%40ACME.example" in response["Location"]
    response = client.post("/accounts/sso/", {"email": "x@nowhere.example"})
    assert response.status_code == 200
    assert "No single sign-on is set up for nowhere.example" in response.content.decode()
    assert "/accounts/sso/" in client.get("/accounts/login/").content.decode()


@pytest.fixture
def site_wide(oidc_provider, organisation, settings):
    settings.SSO_ISSUER = oidc_provider.issuer
    settings.SSO_CLIENT_ID = oidc_provider.client_id
    settings.SSO_CLIENT_SECRET = oidc_provider.client_secret
    settings.SSO_NAME = "Acme Corp"
    settings.SSO_ALLOWED_DOMAINS = ["acme.example"]
    settings.SSO_ORGANISATION = organisation.slug
    settings.SSO_DEFAULT_ROLE = "viewer"


@pytest.mark.django_db
def test_the_site_wide_provider_signs_in_and_joins_its_organisation(client, site_wide):
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with Acme Corp" in page and 'href="/accounts/sso/start/"' in page
    sign_in(client, "alice", start="/accounts/sso/start/")
    user = User.objects.get(email="alice@acme.example")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert user.memberships.get().role == "viewer"
    client.post("/accounts/logout/")
    sign_in(client, "bob", start="/accounts/sso/start/")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_without_the_settings_there_is_no_site_wide_provider(client):
    assert client.get("/accounts/sso/start/").status_code == 404
    assert "/accounts/sso/start/" not in client.get("/accounts/login/").content.decode()


@pytest.mark.django_db
def test_a_refused_sign_in_is_a_failed_sign_in_in_the_audit_log(client, acme_provider):
    from audit.models import Entry, Kind

    carol = UserFactory(email="carol@acme.example")
    MembershipFactory(user=carol, organisation=acme_provider.organisation, role="member")
    sign_in(client, "una")  # unverified: no account, an entry for no organisation
    assert Entry.objects.filter(kind=Kind.SIGN_IN_FAILED).count() == 1
    sign_in(client, "carol")  # signs in
    assert Entry.objects.filter(kind=Kind.SIGNED_IN, actor=carol).exists()
