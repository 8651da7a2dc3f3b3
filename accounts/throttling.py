"""Throttling: failed log-ins (django-axes) and password-reset e-mails (django-ratelimit)."""

import ipaddress
import logging

from django.conf import settings
from django_ratelimit.core import is_ratelimited

from accounts.addresses import normalise_email

logger = logging.getLogger(__name__)


def login_username(request, credentials=None):
    """The name django-axes counts failures under: the typed address, normalised.

    It is the very string `get_by_natural_key` looks the account up by (exact match), so
    every spelling that finds an account (VICTIM@…, ſ for s, full-width letters) counts on
    that account's one counter, and a spelling that counts apart finds no account.
    """
    if credentials and credentials.get("username"):
        return normalise_email(credentials["username"])
    data = getattr(request, "data", None) or request.POST
    return normalise_email(data.get("username", ""))


def client_address(request):
    """The client's address for django-axes, with REVERSE_PROXY_COUNT proxies in front.

    Each proxy appends the address it was reached from to X-Forwarded-For, so with N proxies
    the client is the N-th entry from the right; entries further left were sent by the client
    and may be forged. With no proxy, or a header shorter than expected, REMOTE_ADDR counts.
    """
    count = settings.REVERSE_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if count <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [item.strip() for item in header.split(",") if item.strip()]
    if len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:  # not an address (e.g. with a port): the proxy is set up differently
        return remote


def _over_hourly_limit(request, group, value, per_hour):
    if not per_hour:
        return False
    return is_ratelimited(
        request,
        group=group,
        key=lambda _group, _request: value,
        rate=f"{per_hour}/h",
        increment=True,
    )


def password_reset_limited(request, email):
    """Whether this request for a password-reset e-mail is one too many this hour.

    Every request counts, for the address asked for and for the client's address, whether
    or not an account has the address: the limit tells nobody which addresses exist. A
    failing cache (Redis down) lets the request through rather than failing it.
    """
    try:
        by_address = _over_hourly_limit(
            request,
            "password-reset:address",
            normalise_email(email),
            settings.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR,
        )
        by_client = _over_hourly_limit(
            request,
            "password-reset:client",
            client_address(request) or "",
            settings.PASSWORD_RESETS_PER_CLIENT_PER_HOUR,
        )
    except Exception as error:  # the cache's client raises its own errors (redis, sockets)
        logger.warning("password-reset limit not checked, the cache failed: %r", error)
        return False
    return by_address or by_client
