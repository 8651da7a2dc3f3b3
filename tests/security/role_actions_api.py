"""The role matrix's actions on Settings → API (issue 19), each through the real page:
(response, whether the effect happened). Registered in role_actions.ACTIONS."""

from api.models import ApiToken
from api.tokens import token_create
from tests.security.role_actions import action
from tests.security.role_world import shown


def _token(w, name="Warehouse export"):
    token, _secret = token_create(
        organisation=w.organisation, name=name, scope="read", by=w.people["admin"]
    )
    return token


@action
def see_api_tokens(w):
    _token(w)
    response = w.client.get(w.url("api_settings:tokens"))
    return response, shown(response, "api/settings_tokens.html") and (
        "Warehouse export" in response.content.decode()
    )


@action
def create_api_token(w):
    response = w.client.post(w.url("api_settings:token_create"), {"name": "Sync", "scope": "write"})
    return response, ApiToken.objects.filter(organisation=w.organisation, name="Sync").exists()


@action
def revoke_api_token(w):
    token = _token(w)
    response = w.client.post(w.url("api_settings:token_revoke", token.pk))
    token.refresh_from_db()
    return response, token.revoked_at is not None
