"""The audit log's reads: an organisation's entries, filtered in the database."""

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from audit.models import Entry


def entries_for(
    organisation,
    *,
    person: int | None = None,
    object_kind: str = "",
    kind: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[Entry]:
    """The organisation's entries, newest first, with what a page shows joined in."""
    entries = Entry.objects.filter(organisation=organisation).select_related(
        "actor", "actor__api_token", "content_type"
    )
    if person:
        entries = entries.filter(actor_id=person)
    if object_kind:
        app_label, _, model = object_kind.partition(".")
        entries = entries.filter(content_type__app_label=app_label, content_type__model=model)
    if kind:
        entries = entries.filter(kind=kind)
    zone = timezone.get_current_timezone()
    if since:
        entries = entries.filter(timestamp__gte=datetime.combine(since, time.min, zone))
    if until:
        end = datetime.combine(until + timedelta(days=1), time.min, zone)
        entries = entries.filter(timestamp__lt=end)
    return entries.order_by("-timestamp", "-pk")


def who(entry: Entry) -> str:
    """Who made the change: a person, an API token ("API: <name>"), or the system."""
    actor = entry.actor
    if actor is None:
        return ""
    token = getattr(actor, "api_token", None)
    if token is not None:
        return f"API: {token.name}"
    return str(actor)


def _shown(field, value) -> str:
    if value in (None, "None", ""):
        return ""
    choices = dict(getattr(field, "flatchoices", None) or ())
    return str(choices.get(value, value))


def changed_fields(entry: Entry) -> list[tuple[str, str, str]]:
    """(field, before, after) for each changed field, as text: the field's name and its
    choices' labels as the model names them (no query: the content type is joined)."""
    changes = entry.changes or {}
    if not isinstance(changes, dict):
        return []
    model = entry.content_type.model_class()
    rows = []
    for name, value in changes.items():
        try:
            field = model._meta.get_field(name)
        except Exception:  # a field since removed: its stored name
            field = None
        label = str(getattr(field, "verbose_name", name))
        if isinstance(value, dict):  # a many-to-many change
            sign = "+" if value.get("operation") == "add" else "−"
            rows.append((label, "", f"{sign} {', '.join(map(str, value.get('objects', [])))}"))
        elif isinstance(value, list | tuple) and len(value) == 2:
            before, after = (_shown(field, item) for item in value)
            rows.append((label, before, after))
    return rows
