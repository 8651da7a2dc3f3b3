"""How an entry learns its organisation, its kind, its actor and address.

django-auditlog writes an entry for each saved or deleted row of a registered model
(audit/apps.py) through `Entry.objects.log_create`; what is not a row change (a submit, a
sign-in) is written by `entry_record`. Both fill in the organisation (resolved from the
object, audit/scope.py) so that the log page filters by it in the database, and the actor from
the request of the moment (AuditMiddleware), read when the entry is written: an API token
authenticates inside the view, after the middleware has run.
"""

from contextvars import ContextVar

from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntryManager
from django.contrib.contenttypes.models import ContentType
from django.utils.encoding import smart_str

from accounts.throttling import client_address

_request = ContextVar("audit_request", default=None)

ACTIONS = {0: "created", 1: "changed", 2: "deleted"}


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


class EntryManager(LogEntryManager):
    def _fill(self, instance, kwargs):
        from audit import scope

        kwargs.setdefault("organisation_id", scope.organisation_of(instance))
        action = kwargs.get("action", 1)
        kwargs.setdefault("kind", scope.kind_of(instance, action, kwargs.get("changes")))
        actor = current_actor()
        if actor is not None:
            kwargs.setdefault("actor", actor)
            kwargs.setdefault("actor_email", actor.email)
        kwargs.setdefault("remote_addr", current_address())

    def log_create(self, instance, force_log=False, **kwargs):
        if kwargs.get("changes") is not None or force_log:
            self._fill(instance, kwargs)
        return super().log_create(instance, force_log=force_log, **kwargs)

    def log_m2m_changes(self, changed_queryset, instance, operation, field_name, **kwargs):
        if changed_queryset:
            self._fill(instance, kwargs)
        return super().log_m2m_changes(changed_queryset, instance, operation, field_name, **kwargs)


def entry_record(*, obj, kind, organisation_id, actor=None, changes=None, address=None, model=None):
    """Write one entry for what is not a plain row change (a submit, a sign-in). `obj` may be
    None for an object that does not exist (then `model` names its kind)."""
    from audit.models import Entry

    actor = actor or current_actor()
    return Entry.objects.create(
        organisation_id=organisation_id,
        kind=kind,
        action=Entry.Action.UPDATE,
        content_type=ContentType.objects.get_for_model(model or type(obj)),
        object_pk=str(obj.pk) if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        object_repr=smart_str(obj) if obj is not None else "—",
        changes=changes or {},
        actor=actor,
        actor_email=getattr(actor, "email", None),
        remote_addr=address or current_address(),
    )
