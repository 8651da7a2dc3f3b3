"""The providers one can sign in with: an organisation's (sso.models.Provider) or the site's
(SSO_* settings), as one shape, with their endpoints from the issuer's discovery document."""

from dataclasses import dataclass, field

import requests
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from accounts.models import Organisation, Role
from sso.models import Provider, split_domains

SITE = "site"
DISCOVERY_PATH = "/.well-known/openid-configuration"


class SsoError(Exception):
    """A sign-in that cannot go on; the message is for the person signing in, the address
    (where the provider named one) for the audit log's failed sign-in."""

    def __init__(self, message, email=""):
        super().__init__(message)
        self.email = email


@dataclass
class ProviderConfig:
    key: str  # "site" or "org:<organisation id>"
    name: str
    issuer: str
    client_id: str
    client_secret: str
    domains: list = field(default_factory=list)
    organisation: Organisation | None = None
    default_role: str = Role.MEMBER
    groups_claim: str = ""
    teams_by_group: dict = field(default_factory=dict)

    def allows(self, email):
        domain = email.rpartition("@")[2].lower()
        return not self.domains or domain in self.domains


def site_provider():
    if not (settings.SSO_ISSUER and settings.SSO_CLIENT_ID and settings.SSO_CLIENT_SECRET):
        return None
    organisation = None
    if settings.SSO_ORGANISATION:
        organisation = Organisation.objects.filter(slug=settings.SSO_ORGANISATION).first()
    return ProviderConfig(
        key=SITE,
        name=settings.SSO_NAME,
        issuer=settings.SSO_ISSUER,
        client_id=settings.SSO_CLIENT_ID,
        client_secret=settings.SSO_CLIENT_SECRET,
        domains=[domain.lower() for domain in settings.SSO_ALLOWED_DOMAINS],
        organisation=organisation,
        default_role=settings.SSO_DEFAULT_ROLE,
    )


def from_model(provider):
    return ProviderConfig(
        key=f"org:{provider.organisation_id}",
        name=provider.name,
        issuer=provider.issuer,
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        domains=provider.domains,
        organisation=provider.organisation,
        default_role=provider.default_role,
        groups_claim=provider.groups_claim,
        teams_by_group=provider.teams_by_group,
    )


def organisation_provider(slug):
    provider = (
        Provider.objects.select_related("organisation")
        .filter(organisation__slug=slug, enabled=True)
        .first()
    )
    return from_model(provider) if provider else None


def provider_by_key(key):
    if key == SITE:
        return site_provider()
    if key and key.startswith("org:") and key[4:].isdigit():
        provider = (
            Provider.objects.select_related("organisation")
            .filter(organisation_id=int(key[4:]), enabled=True)
            .first()
        )
        return from_model(provider) if provider else None
    return None


def provider_for_email(email):
    """The organisation provider whose allowed domains include the address's, else the site's
    when it allows that domain; None when no provider signs in that address."""
    domain = email.rpartition("@")[2].strip().lower()
    if domain:
        for provider in Provider.objects.select_related("organisation").filter(enabled=True):
            if domain in split_domains(provider.allowed_domains):
                return from_model(provider)
    site = site_provider()
    if site and site.domains and domain in site.domains:
        return site
    return None


def sso_required_for(user):
    """The organisations whose members must sign in by single sign-on, for this user."""
    return list(
        Organisation.objects.filter(
            memberships__user=user, sso_provider__require_sso=True, sso_provider__enabled=True
        ).order_by("name")
    )


def discovery(issuer):
    """The issuer's discovery document (cached); SsoError when it cannot be had or does not
    name the issuer it was fetched from (OpenID Connect Discovery 1.0, section 4.3)."""
    issuer = issuer.rstrip("/")
    cache_key = f"sso:discovery:{issuer}"
    document = cache.get(cache_key)
    if document is None:
        try:
            response = requests.get(issuer + DISCOVERY_PATH, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise SsoError(_("The sign-in provider cannot be reached.")) from error
        needed = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
        if not isinstance(document, dict) or any(not document.get(key) for key in needed):
            raise SsoError(_("The sign-in provider's configuration is incomplete."))
        if document["issuer"].rstrip("/") != issuer:
            raise SsoError(_("The sign-in provider names a different issuer."))
        cache.set(cache_key, document, settings.SSO_DISCOVERY_CACHE_SECONDS)
    return document
