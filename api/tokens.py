"""Creating, checking and revoking API tokens (api.models.ApiToken)."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Role
from api.models import ApiToken

PREFIX = "mat_"
# Writing the last-used time on every request would make each read a write: once a minute.
LAST_USED_EVERY = timedelta(minutes=1)


class TokenError(Exception):
    """A token that cannot be created as asked (its message says why)."""


def digest_of(secret: str) -> str:
    # The secret is 32 random bytes: a fast hash is enough (no password to stretch).
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(*, organisation, name, scope, expires_at=None, by=None):
    """A new token and its secret, which is returned once and never stored."""
    name = name.strip()
    if not name:
        raise TokenError(_("A token needs a name."))
    if scope not in ApiToken.Scope.values:
        raise TokenError(_("Choose read-only or read and write."))
    if expires_at is not None and expires_at <= timezone.now():
        raise TokenError(_("The expiry must lie in the future."))
    prefix = secrets.token_hex(4)
    secret = f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    user = get_user_model().objects.create_user(
        email=f"api-{prefix}@tokens.invalid", name=f"API: {name}"[:150]
    )
    try:
        with transaction.atomic():
            token = ApiToken.objects.create(
                organisation=organisation,
                user=user,
                name=name,
                scope=scope,
                prefix=prefix,
                digest=digest_of(secret),
                expires_at=expires_at,
                created_by=by,
            )
    except IntegrityError:
        raise TokenError(
            _("A live token of that name exists: revoke it or choose another name.")
        ) from None
    return token, secret


def token_revoke(token, *, by=None):
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def token_check(secret: str):
    """The live token whose secret this is, with its organisation and account; else None."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    prefix = secret[len(PREFIX) :].partition("_")[0]
    token = ApiToken.objects.select_related("organisation", "user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, digest_of(secret)):
        return None
    now = timezone.now()
    if not token.is_live(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    acting_as(token)
    return token


def acting_as(token):
    """Give the token's account the rights of a manager in its organisation, and in no other,
    for this request: accounts.permissions reads memberships through this cache, so every
    permission the pages check applies to the token as to a manager. No Membership row
    exists: the account is no person of the organisation."""
    membership = Membership(user=token.user, organisation=token.organisation, role=Role.MANAGER)
    membership._team_ids = set()
    token.user._membership_cache = {token.organisation_id: membership}
