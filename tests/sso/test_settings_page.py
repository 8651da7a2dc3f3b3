"""Settings → Sign-in (administrators), the secret stored encrypted and never shown again,
and the password log-in refused for members of an organisation that requires SSO."""

import pytest
from django.urls import reverse

from sso import crypto
from sso.models import Provider
from tests.factories import MembershipFactory, UserFactory

URL = "/o/acme/settings/sign-in/"
PASSWORD = "correct horse battery staple"


def form(**changes):
    return {
        "name": "Acme ID",
        "issuer": "https://login.acme.example/tenant/v2.0/",
        "client_id": "client-1",
        "client_secret": "the-secret-value",
        "allowed_domains": "acme.example, @Acme.de",
        "default_role": "viewer",
        "groups_claim": "groups",
        "team_map": "fraud-ml = fraud-ml",
        "require_sso": "",
        "enabled": "on",
        **changes,
    }


@pytest.mark.django_db
def test_admin_saves_the_provider_and_the_secret_is_encrypted_and_not_shown(
    client_for, admin, team
):
    client = client_for(admin)
    assert client.get(URL).status_code == 200
    response = client.post(URL, form())
    assert response.status_code == 302, response.content.decode()[:2000]
    provider = Provider.objects.get(organisation__slug="acme")
    assert provider.issuer == "https://login.acme.example/tenant/v2.0"
    assert provider.allowed_domains == "acme.example, acme.de"
    assert "the-secret-value" not in provider.client_secret_encrypted
    assert provider.client_secret == "the-secret-value"
    page = client.get(URL).content.decode()
    assert "the-secret-value" not in page
    assert "A client secret is saved" in page
    assert "/accounts/sso/callback/" in page
    # Saved again without a secret: the stored one stays.
    assert client.post(URL, form(client_secret="", name="Acme SSO")).status_code == 302
    provider.refresh_from_db()
    assert provider.name == "Acme SSO" and provider.client_secret == "the-secret-value"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes, field",
    [
        ({"issuer": "http://login.acme.example"}, "issuer"),
        ({"issuer": "https://login.acme.example/?x=1"}, "issuer"),
        ({"client_secret": ""}, "client_secret"),
        ({"allowed_domains": ""}, "allowed_domains"),
        ({"allowed_domains": "not a domain!"}, "allowed_domains"),
        ({"team_map": "fraud-ml = no-such-team"}, "team_map"),
        ({"team_map": "just words"}, "team_map"),
        ({"groups_claim": ""}, "groups_claim"),
        ({"default_role": "owner"}, "default_role"),
    ],
)
def test_the_form_refuses_bad_input(client_for, admin, team, changes, field):
    response = client_for(admin).post(URL, form(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Provider.objects.exists()


@pytest.mark.django_db
def test_http_issuers_only_where_allowed(client_for, admin, team, settings):
    settings.SSO_ALLOW_HTTP = True
    response = client_for(admin).post(URL, form(issuer="http://127.0.0.1:9/o"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_domain_of_another_organisation_is_refused(client_for, admin, other_organisation):
    Provider.objects.create(
        organisation=other_organisation,
        name="Other",
        issuer="https://id.other.example",
        client_id="x",
        allowed_domains="acme.example",
    )
    response = client_for(admin).post(URL, form(team_map="", groups_claim=""))
    assert "Another organisation signs in acme.example" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["manager", "member", "viewer"])
def test_only_administrators_manage_sign_in(client_for, organisation, team, role):
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=role)
    assert client_for(user).get(URL).status_code == 403
    assert client_for(user).post(URL, form()).status_code == 403
    assert not Provider.objects.exists()


@pytest.mark.django_db
def test_the_settings_navigation_links_the_page(client_for, admin):
    assert URL in client_for(admin).get(reverse("orgs:settings", args=["acme"])).content.decode()


def test_secrets_need_the_key_they_were_stored_with(settings):
    token = crypto.encrypt("s3cret")
    assert crypto.decrypt(token) == "s3cret"
    settings.SSO_ENCRYPTION_KEY = "another key"
    assert crypto.decrypt(token) == ""


@pytest.mark.django_db
def test_required_sso_refuses_the_password_of_members(client, organisation):
    user = UserFactory(email="pat@acme.example", password=PASSWORD)
    MembershipFactory(user=user, organisation=organisation, role="admin")
    provider = Provider.objects.create(
        organisation=organisation,
        name="Acme ID",
        issuer="https://id.acme.example",
        client_id="x",
        allowed_domains="acme.example",
    )
    login = {"username": "pat@acme.example", "password": PASSWORD}
    response = client.post("/accounts/login/", login)
    assert response.status_code == 302  # not required yet: the password works
    client.logout()
    provider.require_sso = True
    provider.save()
    response = client.post("/accounts/login/", login)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Acme requires single sign-on" in response.content.decode()
    from audit.models import Entry, Kind

    assert Entry.objects.filter(kind=Kind.SIGN_IN_FAILED, organisation=organisation).count() == 1
    # A wrong password is told apart from nothing: the usual message, not the SSO one.
    response = client.post("/accounts/login/", {**login, "password": "wrong"})
    assert "requires single sign-on" not in response.content.decode()
    # People of other organisations keep their passwords.
    UserFactory(email="olga@other.example", password=PASSWORD)
    response = client.post(
        "/accounts/login/", {"username": "olga@other.example", "password": PASSWORD}
    )
    assert response.status_code == 302
