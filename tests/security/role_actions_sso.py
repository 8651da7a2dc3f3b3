"""The role matrix's actions on Settings → Sign-in (issue 20), each through the real endpoint:
(response, whether the effect happened). Registered in role_actions.ACTIONS."""

from sso.models import Provider
from tests.security.role_actions import action
from tests.security.role_world import shown


@action
def see_sign_in_settings(w):
    response = w.client.get(w.url("sso_settings:sign_in"))
    return response, shown(response, "sso/settings.html")


@action
def change_sign_in_settings(w):
    response = w.client.post(
        w.url("sso_settings:sign_in"),
        {
            "name": "Acme ID",
            "issuer": "https://login.acme.example/v2.0",
            "client_id": "client",
            "client_secret": "secret",
            "allowed_domains": "acme.example",
            "default_role": "member",
            "enabled": "on",
        },
    )
    return response, Provider.objects.filter(organisation=w.organisation).exists()
