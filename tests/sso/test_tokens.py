"""ID tokens that must be refused: a tampered one, one signed with another key, one for
another audience or from another issuer, an expired one. The keys are the real provider's
(its JWKS), checked by mozilla-django-oidc's verification plus our audience and issuer checks."""

import base64
import json
import time

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import SuspiciousOperation

from sso.backends import ProviderBackend
from sso.providers import from_model
from tests.sso.test_sign_in import sign_in


def _b64(data):
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _unb64(part):
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


@pytest.fixture
def real_token(client, acme_provider):
    """A genuine ID token of the provider, and the nonce it was issued for."""
    sign_in(client, "alice")
    token = client.session["sso_id_token"]
    return token, _unb64(token.split(".")[1])["nonce"]


@pytest.mark.django_db
def test_the_genuine_token_passes(acme_provider, real_token):
    token, nonce = real_token
    claims = ProviderBackend(from_model(acme_provider)).verify_token(token, nonce=nonce)
    assert claims["email"] == "alice@acme.example"


@pytest.mark.django_db
def test_a_tampered_token_is_refused(acme_provider, real_token):
    token, nonce = real_token
    header, payload, signature = token.split(".")
    claims = _unb64(payload)
    claims["email"] = "mallory@acme.example"
    tampered = f"{header}.{_b64(claims)}.{signature}"
    with pytest.raises(SuspiciousOperation):
        ProviderBackend(from_model(acme_provider)).verify_token(tampered, nonce=nonce)


@pytest.mark.django_db
def test_a_wrong_nonce_is_refused(acme_provider, real_token):
    token, _nonce = real_token
    with pytest.raises(SuspiciousOperation):
        ProviderBackend(from_model(acme_provider)).verify_token(token, nonce="another")


def _forged(backend, key, **changes):
    kid = requests.get(backend.OIDC_OP_JWKS_ENDPOINT, timeout=5).json()["keys"][0]["kid"]
    now = int(time.time())
    claims = {
        "iss": backend.document["issuer"],
        "aud": backend.OIDC_RP_CLIENT_ID,
        "sub": "1",
        "email": "alice@acme.example",
        "email_verified": True,
        "nonce": "n",
        "iat": now,
        "exp": now + 300,
        **changes,
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


@pytest.mark.django_db
def test_a_token_signed_with_another_key_is_refused(acme_provider):
    backend = ProviderBackend(from_model(acme_provider))
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(_forged(backend, other_key), nonce="n")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [
        {"aud": "another-client"},
        {"aud": ["maturity-tests", "another-client"]},  # without azp
        {"iss": "http://127.0.0.1:1/o"},
        {"exp": int(time.time()) - 3600},
    ],
)
def test_audience_issuer_and_expiry_are_checked(acme_provider, monkeypatch, changes):
    """Signed with a key the backend trusts here, so that only the claim is wrong."""
    backend = ProviderBackend(from_model(acme_provider))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    monkeypatch.setattr(backend, "retrieve_matching_jwk", lambda token: key.public_key())
    assert backend.verify_token(_forged(backend, key), nonce="n")["email"]
    with pytest.raises((SuspiciousOperation, jwt.InvalidTokenError)):
        backend.verify_token(_forged(backend, key, **changes), nonce="n")
