"""Writes of the model editor: an organisation builds a draft of its own model in forms.

Every function takes keyword arguments, runs in one transaction and raises ModelError for a
refusal. Only a draft of the organisation's own is changed: a published or retired version
is frozen (its results keep their meaning), and a change of it is a new draft version.
Each part saved or deleted moves the version's `revised_at` (maturity/signals.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from maturity.errors import ModelError
from maturity.interchange import ModelImportError, export_model, import_model
from maturity.limits import MAX_AREAS, MAX_CHARACTERISTICS, MAX_DIMENSIONS, MAX_LEVELS
from maturity.models import Area, Characteristic, Dimension, Level, MaturityModel
from maturity.validation import SLUG

if TYPE_CHECKING:
    from accounts.models import Organisation

# The parts of a model the editor changes, by the name its addresses use.
PARTS = {"level": Level, "dimension": Dimension, "area": Area, "characteristic": Characteristic}
LIMITS = {
    "level": (MAX_LEVELS, "levels"),
    "dimension": (MAX_DIMENSIONS, "dimensions"),
    "area": (MAX_AREAS, "areas"),
    "characteristic": (MAX_CHARACTERISTICS, "characteristics"),
}


def _draft(model: MaturityModel) -> MaturityModel:
    """The draft, locked against a concurrent publish; a frozen version is refused."""
    locked = MaturityModel.objects.select_for_update().get(pk=model.pk)
    if locked.status != MaturityModel.Status.DRAFT:
        raise ModelError(
            _("Version %(version)s is published and cannot be changed; make a new version.")
            % {"version": locked.version}
        )
    return locked


def _exists_already(slug: str, version: str) -> ModelError:
    return ModelError(
        _("Version %(version)s of “%(slug)s” exists already.") % {"slug": slug, "version": version}
    )


# --- the model itself ---------------------------------------------------------------------


@transaction.atomic
def model_create(*, organisation: Organisation, fields: Mapping[str, str]) -> MaturityModel:
    """A new, empty draft: slug, version, languages, names and descriptions."""
    if MaturityModel.objects.filter(
        organisation=organisation, slug=fields["slug"], version=fields["version"]
    ).exists():
        raise _exists_already(fields["slug"], fields["version"])
    try:
        with transaction.atomic():  # a double click racing this one: the unique constraint
            return MaturityModel.objects.create(
                organisation=organisation, status=MaturityModel.Status.DRAFT, **fields
            )
    except IntegrityError:
        raise _exists_already(fields["slug"], fields["version"]) from None


@transaction.atomic
def model_change(*, model: MaturityModel, fields: Mapping[str, str]) -> MaturityModel:
    draft = _draft(model)
    clash = MaturityModel.objects.filter(
        organisation=draft.organisation, slug=fields["slug"], version=fields["version"]
    ).exclude(pk=draft.pk)
    if clash.exists():
        raise _exists_already(fields["slug"], fields["version"])
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.save()
    return draft


def next_version(model: MaturityModel) -> str:
    """The next free whole number after the newest version of this model's slug."""
    taken = set(
        MaturityModel.objects.filter(
            organisation=model.organisation_id, slug=model.slug
        ).values_list("version", flat=True)
    )
    number = max((int(v.split(".")[0]) for v in taken if v.split(".")[0].isdigit()), default=0)
    while str(number + 1) in taken:
        number += 1
    return str(number + 1)


@transaction.atomic
def model_new_version(*, model: MaturityModel, version: str) -> MaturityModel:
    """A draft copy of all of a version's contents under a new version string."""
    if model.organisation_id is None:
        raise ModelError(_("A shipped model cannot be changed."))
    data = export_model(model)
    data["version"] = version
    try:
        return import_model(data, organisation=model.organisation)
    except ModelImportError as error:
        raise ModelError("; ".join(message for _path, message in error.errors)) from None


# --- its parts ----------------------------------------------------------------------------


def _check_limit(draft: MaturityModel, kind: str) -> None:
    limit, _name = LIMITS[kind]
    if PARTS[kind].objects.filter(model=draft).count() >= limit:
        raise ModelError(
            _("A model has at most %(count)d %(parts)s.")
            % {"count": limit, "parts": PARTS[kind]._meta.verbose_name_plural}
        )


def _key(draft: MaturityModel, kind: str, fields: dict, exclude_pk=None) -> str:
    """The key given, or one made from the name; unique within the model."""
    key = fields.get("key") or slugify(fields.get("name_en") or fields.get("name_de") or "")
    key = key[:60].strip("-")
    if not key or not SLUG.fullmatch(key):
        raise ModelError(
            _("Give a key of lower-case letters, digits and hyphens (such as “%(example)s”).")
            % {"example": "code-review"}
        )
    taken = PARTS[kind].objects.filter(model=draft, key=key).exclude(pk=exclude_pk)
    if taken.exists():
        raise ModelError(_("The key “%(key)s” is used already in this model.") % {"key": key})
    return key


def _same_level_name(draft, fields, exclude_pk=None):
    for language in ("de", "en"):
        name = fields.get(f"name_{language}")
        same = draft.levels.filter(**{f"name_{language}": name}).exclude(pk=exclude_pk)
        if name and same.exists():
            raise ModelError(_("A level named “%(name)s” exists already.") % {"name": name})


@transaction.atomic
def part_add(*, model: MaturityModel, kind: str, fields: Mapping) -> object:
    """Add a level (after the last), a dimension or an area (at the end of the list), or a
    characteristic (at the end of its cell). Adding the same one twice is refused."""
    draft = _draft(model)
    _check_limit(draft, kind)
    fields = dict(fields)
    if kind == "level":
        _same_level_name(draft, fields)
        fields["number"] = draft.levels.count()
    elif kind in ("dimension", "area"):
        fields["key"] = _key(draft, kind, fields)
        fields["position"] = _next_position(PARTS[kind].objects.filter(model=draft))
    else:
        return _characteristic_add(draft, fields)
    try:
        with transaction.atomic():
            return PARTS[kind].objects.create(model=draft, **fields)
    except IntegrityError:  # a second click that raced the first
        raise ModelError(_("This has been added already.")) from None


def _next_position(parts):
    return (parts.aggregate(last=Max("position"))["last"] or 0) + 1


def _characteristic_add(draft, fields):
    cell = Characteristic.objects.filter(model=draft, area=fields["area"], level=fields["level"])
    for language in ("de", "en"):
        text = fields.get(f"text_{language}")
        if text and cell.filter(**{f"text_{language}": text}).exists():
            raise ModelError(_("This characteristic exists already in this area and level."))
    position = _next_position(cell)
    key = fields.pop("key", "") or f"{fields['area'].key}.{fields['level'].number}.{position}"
    while Characteristic.objects.filter(model=draft, key=key).exists():
        position += 1
        key = f"{fields['area'].key}.{fields['level'].number}.{position}"
    return Characteristic.objects.create(model=draft, key=key, position=position, **fields)


@transaction.atomic
def part_change(*, part, kind: str, fields: Mapping) -> object:
    draft = _draft(part.model)
    fields = dict(fields)
    if kind == "level":
        _same_level_name(draft, fields, exclude_pk=part.pk)
    elif kind in ("dimension", "area"):
        fields["key"] = _key(draft, kind, fields, exclude_pk=part.pk)
    elif fields.get("key") and fields["key"] != part.key:
        if Characteristic.objects.filter(model=draft, key=fields["key"]).exists():
            raise ModelError(
                _("The key “%(key)s” is used already in this model.") % {"key": fields["key"]}
            )
    elif "key" in fields and not fields["key"]:
        fields["key"] = part.key
    for name, value in fields.items():
        setattr(part, name, value)
    part.save()
    return part


@transaction.atomic
def part_delete(*, part, kind: str) -> None:
    """Delete a part; a level's or an area's characteristics go with it. A dimension that
    still has areas is refused: move or delete its areas first."""
    draft = _draft(part.model)
    if kind == "dimension" and part.areas.exists():
        raise ModelError(
            _("The dimension “%(name)s” still has areas: move or delete them first.")
            % {"name": part.name}
        )
    part.delete()
    if kind == "level":  # levels stay numbered 0, 1, 2, … without gaps
        for level in draft.levels.filter(number__gt=part.number).order_by("number"):
            level.number -= 1
            level.save(update_fields=["number"])


@transaction.atomic
def part_move(*, part, kind: str, up: bool) -> None:
    """Swap a part with its neighbour: levels by number, the others by position (a
    characteristic within its area and level)."""
    _draft(part.model)
    order = "number" if kind == "level" else "position"
    siblings = PARTS[kind].objects.filter(model=part.model_id)
    if kind == "characteristic":
        siblings = siblings.filter(area=part.area_id, level=part.level_id)
    here = getattr(part, order)
    if up:
        neighbour = siblings.filter(**{f"{order}__lt": here}).order_by(f"-{order}").first()
    else:
        neighbour = siblings.filter(**{f"{order}__gt": here}).order_by(order).first()
    if neighbour is None:
        return
    there = getattr(neighbour, order)
    if kind == "level":  # (model, number) is unique: park one level out of the way first
        part.number = 32767
        part.save(update_fields=["number"])
    setattr(neighbour, order, here)
    neighbour.save(update_fields=[order])
    setattr(part, order, there)
    part.save(update_fields=[order])
