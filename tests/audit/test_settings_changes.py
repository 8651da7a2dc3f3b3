"""API tokens and webhooks appear in the log, never with their digest or secret; a change
made through the API is shown as the token's."""

from rest_framework.test import APIClient

from api.models import ApiToken
from api.tokens import token_create
from audit.models import Kind
from webhooks.models import Endpoint


def test_token_created_and_revoked_on_the_page_never_with_its_digest(
    client_for, admin, organisation, entries, audit_page
):
    client = client_for(admin)
    response = client.post(
        f"/o/{organisation.slug}/settings/api/new/", {"name": "Warehouse", "scope": "read"}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Warehouse")
    client.post(f"/o/{organisation.slug}/settings/api/{token.pk}/revoke/")
    logged = entries(content_type__model="apitoken")
    assert [entry.kind for entry in logged] == [Kind.REVOKED, Kind.CREATED]
    assert all(entry.actor == admin for entry in logged)
    for entry in logged:
        text = str(entry.changes) + str(entry.serialized_data) + entry.changes_text
        assert token.digest not in text and "digest" not in text
    assert "Warehouse" in audit_page(object_kind="api.apitoken")


def test_a_change_through_the_api_is_the_tokens(
    organisation, admin, team, member, model_in_use, entries, audit_page
):
    token, secret = token_create(organisation=organisation, name="Robot", scope="write", by=admin)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = client.post(
        f"/api/v1/organisations/{organisation.slug}/teams/{team.pk}/actions/",
        {"title": "Pairing", "owner": member.pk},
        format="json",
        REMOTE_ADDR="192.0.2.9",
    )
    assert response.status_code == 201, response.content
    (entry,) = entries(content_type__model="action")
    assert entry.actor == token.user and entry.remote_addr == "192.0.2.9"
    assert "API: Robot" in audit_page(object_kind="plans.action")


def test_webhook_endpoint_is_logged_without_its_secret(
    client_for, admin, organisation, entries, settings
):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOKS_ALLOW_HTTP = True
    response = client_for(admin).post(
        f"/o/{organisation.slug}/settings/webhooks/new/",
        {"url": "http://127.0.0.1:9/hook", "events": ["round.opened"]},
    )
    assert response.status_code == 302
    endpoint = Endpoint.objects.get()
    client_for(admin).post(f"/o/{organisation.slug}/settings/webhooks/{endpoint.pk}/delete/")
    logged = entries(content_type__model="endpoint")
    assert [entry.kind for entry in logged] == [Kind.DELETED, Kind.CREATED]
    for entry in logged:
        assert endpoint.secret not in str(entry.changes) + str(entry.serialized_data)
        assert "secret" not in entry.changes


def test_sign_in_settings_are_logged_without_the_client_secret(
    client_for, admin, organisation, entries, audit_page
):
    url = f"/o/{organisation.slug}/settings/sign-in/"
    form = {
        "name": "Acme ID",
        "issuer": "https://login.acme.example/v2.0",
        "client_id": "client-1",
        "client_secret": "the-secret-value",
        "allowed_domains": "acme.example",
        "default_role": "member",
        "enabled": "on",
    }
    assert client_for(admin).post(url, form).status_code == 302
    assert client_for(admin).post(url, {**form, "require_sso": "on"}).status_code == 302
    logged = entries(content_type__model="provider")
    assert [entry.kind for entry in logged] == [Kind.CHANGED, Kind.CREATED]
    assert all(entry.actor == admin for entry in logged)
    for entry in logged:
        text = str(entry.changes) + str(entry.serialized_data) + entry.changes_text
        assert "the-secret-value" not in text and "client_secret" not in text
    assert "require_sso" in str(logged[0].changes)
    assert "Acme ID" in audit_page(object_kind="sso.provider")
