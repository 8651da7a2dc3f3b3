"""Checking an export document's values while it is imported: each by its model field."""

import json
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from accounts.models import normalise_email
from transfer.document import BATCH, BackupError


def checked_object(value, path, keys):
    """`value` must be a JSON object with exactly these keys."""
    if not isinstance(value, dict):
        raise BackupError(path, _("must be an object"))
    for key in sorted(set(value) - keys):
        raise BackupError(f"{path}.{key}", _("unknown key"))
    for key in sorted(keys - set(value)):
        raise BackupError(f"{path}.{key}", _("missing"))
    return value


def checked_list(value, path):
    if not isinstance(value, list):
        raise BackupError(path, _("must be a list"))
    return value


def document_items(document, key, keys):
    """(path, item) for every object in the document's list `key`."""
    path = f"$.{key}"
    return [
        (f"{path}[{i}]", checked_object(item, f"{path}[{i}]", keys))
        for i, item in enumerate(checked_list(document[key], path))
    ]


def children_of(item, path, key, keys, old_names=None):
    """(path, object) for each child; `old_names` maps a key's old name to its name."""
    path = f"{path}.{key}"
    children = []
    for i, x in enumerate(checked_list(item[key], path)):
        if old_names and isinstance(x, dict):
            renamed = {old: new for old, new in old_names.items() if old in x and new not in x}
            x = {renamed.get(k, k): v for k, v in x.items()}
        children.append((f"{path}[{i}]", checked_object(x, f"{path}[{i}]", keys)))
    return children


class Builder:
    """Makes model instances from a document's values, each checked by its model field."""

    def __init__(self, users):
        self.users = users  # e-mail → User

    def values(self, model, item, path, names):
        """{name: clean value} for the given field names of `item`; BackupError if wrong."""
        values = {}
        for name in names:
            values[name] = self.value(model, name, item[name], f"{path}.{name}")
        return values

    @staticmethod
    def value(model, name, raw, path):
        model_field = model._meta.get_field(name)
        problem = type_problem(model_field, raw)
        if problem:
            raise BackupError(path, problem)
        try:
            value = model_field.clean(raw, None)
        except ValidationError as error:
            raise BackupError(path, " ".join(error.messages)) from None
        if isinstance(model_field, models.DateTimeField) and value and value.tzinfo is None:
            raise BackupError(path, _("must name its time zone, such as +00:00"))
        return value

    def user(self, raw, path, required=False):
        if raw is None and not required:
            return None
        user = self.users.get(normalise_email(raw) if isinstance(raw, str) else None)
        if user is None:
            raise BackupError(path, _("no user “%(email)s” in $.users") % {"email": raw})
        return user


def type_problem(model_field, raw):
    """What is wrong with the JSON type of `raw` for this field, or None."""
    if raw is None:
        return None  # the field refuses None itself where it must not be empty
    if isinstance(model_field, models.BooleanField):
        return None if isinstance(raw, bool) else _("must be true or false")
    if isinstance(model_field, models.DateField):  # and DateTimeField
        return None if isinstance(raw, str) else _("must be a date in ISO 8601")
    if isinstance(model_field, models.IntegerField):
        return None if type(raw) is int else _("must be a whole number")
    if isinstance(model_field, models.FloatField):
        return None if type(raw) in (int, float) else _("must be a number")
    if isinstance(model_field, models.CharField | models.TextField | models.FileField):
        return None if isinstance(raw, str) else _("must be a text")
    return None


def one_of(mapping, raw, path, message):
    key = tuple(raw) if isinstance(raw, list) else raw
    try:
        return mapping[key]
    except (KeyError, TypeError):
        raise BackupError(path, message % {"key": raw}) from None


def assessment_of(numbered, raw, path):
    """The assessment the document numbers `raw` (a number, not true or false)."""
    if type(raw) is not int:
        raw = json.dumps(raw)  # named as written, and never found
    return one_of(numbered, raw, path, _("no assessment %(key)s in $.assessments"))


@contextmanager
def times_as_given(model, names):
    """Let the model's auto_now/auto_now_add fields `names` store the times the rows carry.

    Django sets such fields to "now" on every insert; a restored row keeps its own. The
    switch is on the field, so for the whole process while the rows are inserted: fine in
    the import_org command, which saves nothing else meanwhile; not for a web process.
    """
    fields = [model._meta.get_field(name) for name in names]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f in fields:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def insert(model, rows, stamps=()):
    """bulk_create `rows` in order (their ids rise in that order), with their own `stamps`."""
    with times_as_given(model, stamps):
        model.objects.bulk_create(rows, batch_size=BATCH)
    return rows
