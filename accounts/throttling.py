import ipaddress

from django.conf import settings

from accounts.addresses import normalise_email


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
