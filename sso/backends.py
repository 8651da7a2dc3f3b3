"""mozilla-django-oidc's backend for one provider at a time: the token exchange (with the PKCE
verifier), the ID token's signature against the provider's JWKS, its expiry and nonce are the
library's; the audience and issuer checks, which it leaves out, are added here."""

import jwt
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts.addresses import normalise_email
from sso import services
from sso.providers import SsoError, discovery


class ProviderBackend(OIDCAuthenticationBackend):
    """Never in AUTHENTICATION_BACKENDS: sso.views.callback calls it for the provider the
    sign-in was started with (its settings come from that provider, not from Django's)."""

    def __init__(self, provider):
        self.provider = provider
        self.document = discovery(provider.issuer)
        self.OIDC_OP_TOKEN_ENDPOINT = self.document["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = self.document.get("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = self.document["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.OIDC_RP_SIGN_ALGO = "RS256"
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.UserModel = get_user_model()
        self.id_token = None

    def _verify_jws(self, payload, key):
        claims = super()._verify_jws(payload, key)  # signature, algorithm, exp, nbf, iat
        audience = claims.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another audience")
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token authorised for another party")
        if str(claims.get("iss", "")).rstrip("/") != self.document["issuer"].rstrip("/"):
            raise SuspiciousOperation("ID token from another issuer")
        if "exp" not in claims:
            raise SuspiciousOperation("ID token without expiry")
        return claims

    def store_tokens(self, access_token, id_token):
        self.id_token = id_token  # for the end-session request's id_token_hint

    def get_userinfo(self, access_token, id_token, payload):
        """The verified ID token's claims; the userinfo endpoint's only where the token lacks
        the e-mail (and only for the same subject)."""
        claims = dict(payload)
        if not claims.get("email") and self.OIDC_OP_USER_ENDPOINT:
            info = super().get_userinfo(access_token, id_token, payload)
            if info.get("sub") == payload.get("sub"):
                claims = {**info, **payload}
        return claims

    def verify_claims(self, claims):
        email = claims.get("email") or ""
        if not email or "@" not in email:
            raise SsoError(_("The sign-in provider did not tell us your e-mail address."))
        # Microsoft Entra ID sends no email_verified; its optional claim xms_edov ("e-mail
        # domain owner verified") says the same of a tenant's own domains.
        verified = claims.get("email_verified", claims.get("xms_edov"))
        if verified not in (True, "true", 1, "1"):
            raise SsoError(
                _("The sign-in provider has not verified your e-mail address %(email)s.")
                % {"email": email},
                email,
            )
        if not self.provider.allows(email):
            raise SsoError(
                _(
                    "Addresses at %(domain)s cannot sign in with %(provider)s. Use your "
                    "organisation's address, or ask its administrator."
                )
                % {"domain": email.rpartition("@")[2], "provider": self.provider.name},
                email,
            )
        return True

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(email=normalise_email(claims["email"]))

    def create_user(self, claims):
        return services.account_create(claims=claims, provider=self.provider)

    def update_user(self, user, claims):
        return services.account_sign_in(user=user, claims=claims, provider=self.provider)


def unverified_claims(token):
    """For logging only: what a refused token says, unchecked."""
    try:
        return jwt.decode(token, options={"verify_signature": False})
    except jwt.InvalidTokenError:
        return {}
