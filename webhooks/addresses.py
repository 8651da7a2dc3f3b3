"""Where a webhook may be sent: https:// (http:// only in development or when allowed), and
never to the site's own network (private, loopback, link-local, multicast, reserved
addresses) unless WEBHOOKS_ALLOW_PRIVATE is on. Checked when an endpoint is saved and again
before each send, since a name may point elsewhere by then; the send then connects to the
address checked here, not to a second look-up."""

from __future__ import annotations

import ipaddress
import socket
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


class UnsafeAddress(Exception):
    """The URL may not be called; the message is for the admin."""


class Target(NamedTuple):
    scheme: str
    host: str
    port: int
    path: str  # with the query
    address: str  # the IP address to connect to


def _allowed(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if settings.WEBHOOKS_ALLOW_PRIVATE:
        return True
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:
        ip = mapped
    return ip.is_global and not (
        ip.is_multicast or ip.is_private or ip.is_reserved or ip.is_link_local
    )


def _parts(url: str):
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise UnsafeAddress(_("Enter a valid address.")) from None
    http_allowed = settings.DEBUG or settings.WEBHOOKS_ALLOW_HTTP
    if parts.scheme != "https" and not (parts.scheme == "http" and http_allowed):
        raise UnsafeAddress(_("The address must begin with https://."))
    if not parts.hostname:
        raise UnsafeAddress(_("Enter a valid address."))
    if parts.username or parts.password:
        raise UnsafeAddress(_("The address may not contain a user name or password."))
    port = port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, path


def resolve(url: str) -> Target:
    """The URL's parts and an address it may be sent to, or UnsafeAddress."""
    scheme, host, port, path = _parts(url)
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise UnsafeAddress(
            _("The host name “%(host)s” cannot be found.") % {"host": host}
        ) from None
    addresses = [info[4][0] for info in found]
    if not addresses:
        raise UnsafeAddress(_("The host name “%(host)s” cannot be found.") % {"host": host})
    # Every address the name has must be allowed: otherwise a name with one public and one
    # private address would reach the private one now and then.
    for address in addresses:
        if not _allowed(ipaddress.ip_address(address.split("%")[0])):
            raise UnsafeAddress(
                _("The address leads to a private or reserved network (%(address)s).")
                % {"address": address}
            )
    return Target(scheme, host, port, path, addresses[0])


def url_problem(url: str) -> str | None:
    """Why the URL cannot be a webhook endpoint, or None."""
    try:
        resolve(url)
    except UnsafeAddress as error:
        return str(error)
    return None
