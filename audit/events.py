"""Entries for what is not a plain row change (a submit, a sign-in)."""

from django.contrib.contenttypes.models import ContentType
from django.utils.encoding import smart_str

from audit.models import Entry
from audit.recording import current_actor, current_address


def entry_record(*, obj, kind, organisation_id, actor=None, changes=None, address=None, model=None):
    """Write one entry for what is not a plain row change (a submit, a sign-in). `obj` may be
    None for an object that does not exist (then `model` names its kind)."""
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
