import pytest
from django.conf import settings as django_settings

from sso.models import Provider
from tests.sso.provider.fixture import oidc_provider  # noqa: F401 (a fixture)


@pytest.fixture
def acme_provider(oidc_provider, organisation, team, settings):  # noqa: F811
    """Acme signs in by the test provider; its "fraud-ml" group joins the Fraud ML team."""
    settings.SSO_ALLOW_HTTP = True
    provider = Provider(
        organisation=organisation,
        name="Acme ID",
        issuer=oidc_provider.issuer,
        client_id=oidc_provider.client_id,
        allowed_domains="acme.example",
        default_role="member",
        groups_claim="groups",
        team_map="fraud-ml = fraud-ml",
    )
    provider.client_secret = oidc_provider.client_secret
    provider.save()
    assert django_settings.OIDC_USE_PKCE
    return provider
