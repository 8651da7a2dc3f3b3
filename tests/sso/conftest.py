import pytest
from django.conf import settings as django_settings

from tests.sso.provider.fixture import (
    acme_provider_of,
    oidc_provider,  # noqa: F401 (a fixture)
)


@pytest.fixture
def acme_provider(oidc_provider, organisation, team, settings):  # noqa: F811
    """Acme signs in by the test provider; its "fraud-ml" group joins the Fraud ML team."""
    settings.SSO_ALLOW_HTTP = True
    provider = acme_provider_of(organisation, oidc_provider)
    assert django_settings.OIDC_USE_PKCE
    return provider
