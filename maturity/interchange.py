"""The interchange format of maturity models (DESIGN.md): export, parsing, import.

`import_model` validates the whole document first and either stores all of it in one
transaction or nothing; every problem is reported with the JSON path where it is.
"""

import json
import math
import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from maturity import signals
from maturity.errors import ModelError
from maturity.models import (
    LANGUAGES,
    Area,
    Characteristic,
    Dimension,
    Level,
    MaturityModel,
)
from maturity.validation import declared_languages, validate


class ModelImportError(ModelError):
    """The document cannot be imported; `errors` is a list of (path, message)."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(f"{path}: {message}" for path, message in errors))


def in_languages(texts, languages):
    """{language: text} in the model's languages, and in another one where it is given."""
    return {lang: text for lang, text in texts.items() if lang in languages or text}


def translations(obj, prefix, languages):
    return in_languages({lang: getattr(obj, f"{prefix}_{lang}") for lang in LANGUAGES}, languages)


def given(texts, language):
    """A text of the document in one language; "" where the model is not written in it."""
    return texts.get(language, "")


def export_model(model):
    """The model as a dict in the interchange format, in a stable order."""
    levels = list(model.levels.order_by("number"))
    dimensions = list(model.dimensions.order_by("position"))
    areas = list(model.areas.select_related("dimension").order_by("position"))
    characteristics = model.characteristics.select_related("area", "level").order_by(
        "area__position", "level__number", "position"
    )
    languages = model.language_list
    return {
        "slug": model.slug,
        "version": model.version,
        "languages": languages,
        "name": translations(model, "name", languages),
        "description": translations(model, "description", languages),
        "source": model.source,
        "dimensions": [
            {"key": d.key, "name": translations(d, "name", languages)} for d in dimensions
        ],
        "areas": [
            {"key": a.key, "dimension": a.dimension.key, "name": translations(a, "name", languages)}
            for a in areas
        ],
        "levels": [
            {
                "number": level.number,
                "name": translations(level, "name", languages),
                "title": translations(level, "title", languages),
                "description": translations(level, "description", languages),
                "highlights": [in_languages(item, languages) for item in level.highlights],
            }
            for level in levels
        ],
        "characteristics": [
            {
                "key": c.key,
                "area": c.area.key,
                "level": c.level.number,
                "text": translations(c, "text", languages),
            }
            for c in characteristics
        ],
    }


def same_content(model, data):
    """Whether the stored version holds what the document says. A document from before models
    declared their languages (no `languages`) is read as declaring those of its name."""
    if isinstance(data, dict) and "languages" not in data:
        data = {**data, "languages": declared_languages(data)}
    return export_model(model) == data


def dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# Characters PostgreSQL cannot store in a text (NUL) and lone surrogates, which are no text.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
BINARY_SIGNATURES = {
    b"\x89PNG": "PNG",
    b"PK\x03\x04": "ZIP",
    b"%PDF": "PDF",
    b"\x1f\x8b": "gzip",
    b"GIF8": "GIF",
    b"\xff\xd8\xff": "JPEG",
}


def _refuse(message):
    return ModelImportError([("$", message)])


def _decode(raw):
    """The bytes of an upload as text, or ModelImportError saying what the file is instead."""
    # UTF-16 with a byte order mark, or without one: then "{" or a space has a NUL byte beside it.
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:2]:
        raise _refuse(_("the file is UTF-16 text; save it as UTF-8"))
    # Some Windows editors start UTF-8 with a byte order mark: harmless, so skip it.
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    for signature, kind in BINARY_SIGNATURES.items():
        if raw.startswith(signature):
            raise _refuse(_("the file is a %(kind)s file, not JSON text") % {"kind": kind})
    if b"\x00" in raw:
        raise _refuse(_("the file contains binary data (NUL bytes), not JSON text"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _refuse(
            _("the file is not UTF-8 text (byte 0x%(byte)02X at position %(position)d)")
            % {"byte": raw[error.start], "position": error.start}
        ) from None


def _json_object(pairs):
    """An object of the document; refuses duplicate keys and texts that cannot be stored."""
    obj = {}
    for key, value in pairs:
        for text in (key, value):
            if isinstance(text, str) and (bad := UNSTORABLE.search(text)):
                raise _refuse(
                    _("a text contains the character U+%(code)04X, which cannot be stored")
                    % {"code": ord(bad.group())}
                )
        if key in obj:
            raise _refuse(_("the key “%(key)s” appears twice in one object") % {"key": key[:100]})
        obj[key] = value
    return obj


def _json_constant(name):
    raise _refuse(_("%(name)s is not a number in JSON") % {"name": name})


def _json_float(text):
    number = float(text)
    if math.isinf(number):
        raise _refuse(_("the number %(number)s is too large") % {"number": text[:40]})
    return number


def parse(raw):
    """Bytes or text of a model file into a dict, or ModelImportError naming where it broke."""
    if isinstance(raw, bytes):
        raw = _decode(raw)
    try:
        return json.loads(
            raw,
            object_pairs_hook=_json_object,
            parse_constant=_json_constant,
            parse_float=_json_float,
        )
    except json.JSONDecodeError as error:
        raise ModelImportError(
            [
                (
                    "$",
                    _("not valid JSON: %(problem)s at line %(line)d, column %(column)d")
                    % {"problem": error.msg, "line": error.lineno, "column": error.colno},
                )
            ]
        ) from None
    except RecursionError:
        raise ModelImportError([("$", _("not valid JSON: nested too deeply"))]) from None
    except ValueError:  # Python refuses integers of more than 4,300 digits
        raise _refuse(_("not valid JSON: a number is too long")) from None


def _store(data, organisation, status):
    with signals.creating():
        return _store_new(data, organisation, status)


def _store_new(data, organisation, status):
    try:
        # A savepoint of its own: the transaction stays usable when the row is refused.
        with transaction.atomic():
            model = MaturityModel.objects.create(
                slug=data["slug"],
                version=data["version"],
                languages=",".join(declared_languages(data)),
                name_de=given(data["name"], "de"),
                name_en=given(data["name"], "en"),
                description_de=given(data["description"], "de"),
                description_en=given(data["description"], "en"),
                source=data["source"],
                status=status,
                organisation=organisation,
            )
    except IntegrityError:
        # Stored by a concurrent import since import_model looked: the unique constraint.
        raise _exists_already(data) from None
    dimensions = {
        d["key"]: Dimension.objects.create(
            model=model,
            key=d["key"],
            position=i,
            name_de=given(d["name"], "de"),
            name_en=given(d["name"], "en"),
        )
        for i, d in enumerate(data["dimensions"])
    }
    areas = {
        a["key"]: Area.objects.create(
            model=model,
            key=a["key"],
            dimension=dimensions[a["dimension"]],
            position=i,
            name_de=given(a["name"], "de"),
            name_en=given(a["name"], "en"),
        )
        for i, a in enumerate(data["areas"])
    }
    levels = {
        lv["number"]: Level.objects.create(
            model=model,
            number=lv["number"],
            name_de=given(lv["name"], "de"),
            name_en=given(lv["name"], "en"),
            title_de=given(lv["title"], "de"),
            title_en=given(lv["title"], "en"),
            description_de=given(lv["description"], "de"),
            description_en=given(lv["description"], "en"),
            highlights=[dict(h) for h in lv["highlights"]],
        )
        for lv in data["levels"]
    }
    positions = {}
    characteristics = []
    for item in data["characteristics"]:
        cell = (item["area"], item["level"])
        positions[cell] = positions.get(cell, 0) + 1
        characteristics.append(
            Characteristic(
                model=model,
                area=areas[item["area"]],
                level=levels[item["level"]],
                key=item.get("key") or f"{item['area']}.{item['level']}.{positions[cell]}",
                position=positions[cell],
                text_de=given(item["text"], "de"),
                text_en=given(item["text"], "en"),
            )
        )
    keys = [c.key for c in characteristics]
    if len(set(keys)) != len(keys):
        raise ModelImportError(
            [("$.characteristics", _("generated keys collide with given ones; give every key"))]
        )
    Characteristic.objects.bulk_create(characteristics)
    return model


@transaction.atomic
def import_model(data, *, organisation=None, status=MaturityModel.Status.DRAFT):
    """Validate and store a new model version, owned by `organisation` (None: global)."""
    errors = validate(data)
    if errors:
        raise ModelImportError(errors)
    existing = _existing(data, organisation)
    if existing is not None and existing.status != MaturityModel.Status.DRAFT:
        message = _(
            "version %(version)s of “%(slug)s” is published and cannot be changed; "
            "import it as a new version"
        )
        raise ModelImportError([("$.version", message % data)])
    if existing is not None:
        raise _exists_already(data)
    return _store(data, organisation, status)


def _existing(data, organisation):
    """The version as stored already in the owner's own namespace: None (global) compares
    with the shipped models alone."""
    return MaturityModel.objects.filter(
        organisation=organisation, slug=data["slug"], version=data["version"]
    ).first()


def _exists_already(data):
    return ModelImportError(
        [("$.version", _("version %(version)s of “%(slug)s” exists already") % data)]
    )


def latest_version(models):
    """The newest of several versions of one model: versions compare as numbers where they are."""

    def order(model):
        return [int(part) if part.isdigit() else -1 for part in re.split(r"[.\-]", model.version)]

    return max(models, key=order, default=None)
