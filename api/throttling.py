from rest_framework.throttling import SimpleRateThrottle

from api.permissions import token_of


class PerCaller(SimpleRateThrottle):
    """Requests per token (or per logged-in person) and period: API_RATE, e.g. "600/min"."""

    scope = "caller"

    def get_cache_key(self, request, view):
        token = token_of(request)
        if token is not None:
            ident = f"token-{token.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
