"""A version's `revised_at` moves on whenever its levels, dimensions, areas or
characteristics change (in the admin, say), so that per-process caches of a version's
contents (assessments.selectors) see the change in every process.

Queryset `update()` and `bulk_create()` send no signals: code that changes a stored version
that way calls `revised()` itself.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from maturity.models import Area, Characteristic, Dimension, Level, MaturityModel

_creating = ContextVar("creating_a_version", default=False)


@contextmanager
def creating():
    """A version being stored for the first time has not been read yet: its parts need
    no revision each (importing a model saves dozens)."""
    token = _creating.set(True)
    try:
        yield
    finally:
        _creating.reset(token)


def revised(model_id):
    MaturityModel.objects.filter(pk=model_id).update(revised_at=timezone.now())


def _changed(sender, instance, **kwargs):
    if kwargs.get("raw") or _creating.get():  # loaddata, or a new version
        return
    origin = kwargs.get("origin")
    # The whole version is being deleted: nothing is left to read again.
    if isinstance(origin, MaturityModel) or (
        isinstance(origin, QuerySet) and origin.model is MaturityModel
    ):
        return
    revised(instance.model_id)


def connect():
    for part in (Level, Dimension, Area, Characteristic):
        post_save.connect(_changed, sender=part, dispatch_uid=f"revised-{part.__name__}")
        post_delete.connect(_changed, sender=part, dispatch_uid=f"revised-del-{part.__name__}")
