"""Who makes a change, and from where: the request of the moment (AuditMiddleware), read
when an entry is written, as an API token authenticates inside the view, after the
middleware has run."""

from contextvars import ContextVar

from auditlog.middleware import AuditlogMiddleware

from accounts.throttling import client_address

_request = ContextVar("audit_request", default=None)
# Organisations being deleted: the rows that go with them are not recorded (their entries go
# too, and an entry would point at an organisation that no longer exists).
deleted_organisations: set[int] = set()


def current_actor():
    request = _request.get()
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and user.is_authenticated else None


def current_address():
    request = _request.get()
    return client_address(request) if request is not None else None


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, with the project's client address (REVERSE_PROXY_COUNT,
    not a forgeable X-Forwarded-For) and the request kept for the actor."""

    @staticmethod
    def _get_remote_addr(request):
        return client_address(request)

    def __call__(self, request):
        token = _request.set(request)
        try:
            return super().__call__(request)
        finally:
            _request.reset(token)
