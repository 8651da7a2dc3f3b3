"""Validation of a maturity model document in the interchange format (DESIGN.md).

`validate` collects every problem with the JSON path where it is, so that an upload can be
answered with all of them at once.
"""

import re

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from maturity.limits import (
    MAX_AREAS,
    MAX_CHARACTERISTIC_KEY_LENGTH,
    MAX_CHARACTERISTICS,
    MAX_DIMENSIONS,
    MAX_HIGHLIGHTS,
    MAX_KEY_LENGTH,
    MAX_LEVELS,
    MAX_NAME_LENGTH,
    MAX_TEXT_LENGTH,
)
from maturity.models import LANGUAGES

# Used with fullmatch: `$` in a pattern also matches before a final newline, and a key with
# one cannot be put into an address.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CHARACTERISTIC_KEY = re.compile(r"[a-z0-9][a-z0-9.\-_]*")
VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]{0,19}")
MODEL_KEYS = {
    "slug": True,
    "version": True,
    "languages": False,
    "name": True,
    "description": True,
    "source": True,
    "dimensions": True,
    "areas": True,
    "levels": True,
    "characteristics": True,
}
DIMENSION_KEYS = {"key": True, "name": True}
AREA_KEYS = {"key": True, "dimension": True, "name": True}
LEVEL_KEYS = {"number": True, "name": True, "title": True, "description": True, "highlights": True}
CHARACTERISTIC_KEYS = {"key": False, "area": True, "level": True, "text": True}


def number(value):
    return number_format(value, force_grouping=True)


def declared_languages(data):
    """The languages a document declares (`$.languages`), or else those its name is given in;
    the known ones in their usual order. Validation refuses an unknown or empty list."""
    languages = data.get("languages") if isinstance(data, dict) else None
    if not isinstance(languages, list):
        name = data.get("name") if isinstance(data, dict) else None
        given = name if isinstance(name, dict) else {}
        languages = [
            lang for lang in LANGUAGES if isinstance(given.get(lang), str) and given[lang].strip()
        ]
    return [lang for lang in LANGUAGES if lang in languages] or list(LANGUAGES)


class Validator:
    """Collects every problem of a document, each with its JSON path."""

    def __init__(self, languages=LANGUAGES):
        self.errors = []
        self.languages = tuple(languages)  # each text must be given in all of them

    def error(self, path, message):
        self.errors.append((path, message))

    def object(self, value, path, keys):
        """Check a JSON object's keys against {key: required}; False if it is no object."""
        if not isinstance(value, dict):
            self.error(path, _("must be an object"))
            return False
        for key in value:
            if key not in keys:
                self.error(f"{path}.{key}", _("unknown key"))
        for key, required in keys.items():
            if required and key not in value:
                self.error(f"{path}.{key}", _("missing"))
        return True

    def list(self, value, path, allow_empty=False):
        if not isinstance(value, list):
            self.error(path, _("must be a list"))
            return []
        if not value and not allow_empty:
            self.error(path, _("must not be empty"))
        return value

    def text(self, value, path, allow_empty=False, max_length=MAX_NAME_LENGTH):
        if not isinstance(value, str):
            self.error(path, _("must be a text"))
        elif not value.strip() and not allow_empty:
            self.error(path, _("must not be empty"))
        elif len(value) > max_length:
            self.error(path, too_long(value, max_length))

    def translated(self, value, path, allow_empty=False, max_length=MAX_NAME_LENGTH):
        """A {"de": …, "en": …} object: every declared language; another known one may be
        given too (a translation begun)."""
        if not isinstance(value, dict):
            self.error(
                path,
                _("must be an object with the languages %(languages)s")
                % {"languages": ", ".join(self.languages)},
            )
            return
        for key in value:
            if key not in LANGUAGES:
                self.error(f"{path}.{key}", _("unknown language"))
            elif key not in self.languages:
                self.text(value[key], f"{path}.{key}", allow_empty=True, max_length=max_length)
        for language in self.languages:
            if language not in value:
                self.error(f"{path}.{language}", _("missing language"))
            else:
                self.text(value[language], f"{path}.{language}", allow_empty, max_length)
        if allow_empty and all(isinstance(value.get(lang), str) for lang in self.languages):
            filled = [bool(value[lang].strip()) for lang in self.languages]
            if any(filled) and not all(filled):
                missing = [lang for lang, f in zip(self.languages, filled, strict=True) if not f]
                for language in missing:
                    self.error(f"{path}.{language}", _("missing language"))

    def languages_list(self, value, path):
        if (
            not isinstance(value, list)
            or not value
            or any(not isinstance(lang, str) or lang not in LANGUAGES for lang in value)
            or len(set(value)) != len(value)
        ):
            self.error(
                path,
                _("must list the model's languages, one or more of %(languages)s")
                % {"languages": ", ".join(f"“{lang}”" for lang in LANGUAGES)},
            )

    def key(self, value, path, pattern=SLUG, seen=None, max_length=MAX_KEY_LENGTH):
        if not isinstance(value, str) or not pattern.fullmatch(value):
            self.error(path, _("must be a key of lower-case letters, digits and hyphens"))
            return None
        if len(value) > max_length:
            self.error(path, too_long(value, max_length))
            return None
        if seen is not None:
            if value in seen:
                self.error(path, _("“%(key)s” is used twice") % {"key": value})
            seen.add(value)
        return value


def too_long(text, max_length):
    return _("is %(length)s characters long; at most %(max)s are allowed") % {
        "length": number(len(text)),
        "max": number(max_length),
    }


def too_many(data):
    """The lists of the document longer than the limits allow, as (path, message)."""
    limits = [
        (
            "$.levels",
            data.get("levels"),
            MAX_LEVELS,
            _("the model has %(count)s levels; at most %(max)s are allowed"),
        ),
        (
            "$.dimensions",
            data.get("dimensions"),
            MAX_DIMENSIONS,
            _("the model has %(count)s dimensions; at most %(max)s are allowed"),
        ),
        (
            "$.areas",
            data.get("areas"),
            MAX_AREAS,
            _("the model has %(count)s areas; at most %(max)s are allowed"),
        ),
        (
            "$.characteristics",
            data.get("characteristics"),
            MAX_CHARACTERISTICS,
            _("the model has %(count)s characteristics; at most %(max)s are allowed"),
        ),
    ]
    levels = data.get("levels")
    for i, level in enumerate(levels if isinstance(levels, list) else []):
        limits.append(
            (
                f"$.levels[{i}].highlights",
                level.get("highlights") if isinstance(level, dict) else None,
                MAX_HIGHLIGHTS,
                _("the level has %(count)s highlights; at most %(max)s are allowed"),
            )
        )
    return [
        (path, message % {"count": number(len(items)), "max": number(limit)})
        for path, items, limit, message in limits
        if isinstance(items, list) and len(items) > limit
    ]


def validate(data):
    """Every problem of the document as (path, message); empty when it can be imported.

    A document with more entries than the limits allow is refused for that alone, before its
    entries are looked at one by one.
    """
    v = Validator(declared_languages(data))
    if not v.object(data, "$", MODEL_KEYS):
        return v.errors
    if oversized := too_many(data):
        return oversized
    if "languages" in data:
        v.languages_list(data["languages"], "$.languages")
    if "slug" in data:
        v.key(data["slug"], "$.slug")
    if "version" in data:
        version = data["version"]
        if not isinstance(version, str) or not VERSION.fullmatch(version):
            v.error("$.version", _("must be a text such as “1” or “2.1”"))
    for key in ("name", "description"):
        if key in data:
            v.translated(
                data[key],
                f"$.{key}",
                max_length=MAX_TEXT_LENGTH if key == "description" else MAX_NAME_LENGTH,
            )
    if "source" in data:
        v.text(data["source"], "$.source", allow_empty=True, max_length=MAX_TEXT_LENGTH)

    dimension_keys = set()
    dimensions = v.list(data.get("dimensions", []), "$.dimensions")
    for i, dimension in enumerate(dimensions):
        path = f"$.dimensions[{i}]"
        if v.object(dimension, path, DIMENSION_KEYS):
            if "key" in dimension:
                v.key(dimension["key"], f"{path}.key", seen=dimension_keys)
            if "name" in dimension:
                v.translated(dimension["name"], f"{path}.name")

    area_keys = set()
    used_dimensions = set()
    for i, area in enumerate(v.list(data.get("areas", []), "$.areas")):
        path = f"$.areas[{i}]"
        if v.object(area, path, AREA_KEYS):
            if "key" in area:
                v.key(area["key"], f"{path}.key", seen=area_keys)
            if "dimension" in area:
                if (
                    not isinstance(area["dimension"], str)
                    or area["dimension"] not in dimension_keys
                ):
                    v.error(
                        f"{path}.dimension",
                        _("no dimension “%(key)s” in $.dimensions") % {"key": area["dimension"]},
                    )
                else:
                    used_dimensions.add(area["dimension"])
            if "name" in area:
                v.translated(area["name"], f"{path}.name")
    for i, dimension in enumerate(dimensions):
        key = dimension.get("key") if isinstance(dimension, dict) else None
        if isinstance(key, str) and key in dimension_keys - used_dimensions:
            v.error(f"$.dimensions[{i}]", _("no area belongs to this dimension"))

    level_numbers = []
    for i, level in enumerate(v.list(data.get("levels", []), "$.levels")):
        path = f"$.levels[{i}]"
        if v.object(level, path, LEVEL_KEYS):
            number = level.get("number")
            if not isinstance(number, int) or isinstance(number, bool) or number < 0:
                v.error(f"{path}.number", _("must be a whole number from 0"))
            elif number in level_numbers:
                v.error(
                    f"{path}.number", _("level %(number)d is defined twice") % {"number": number}
                )
            else:
                level_numbers.append(number)
            for key in ("name", "title"):
                if key in level:
                    v.translated(level[key], f"{path}.{key}")
            if "description" in level:
                v.translated(
                    level["description"],
                    f"{path}.description",
                    allow_empty=True,
                    max_length=MAX_TEXT_LENGTH,
                )
            for j, highlight in enumerate(
                v.list(level.get("highlights", []), f"{path}.highlights", allow_empty=True)
            ):
                v.translated(highlight, f"{path}.highlights[{j}]", max_length=MAX_TEXT_LENGTH)
    if level_numbers and sorted(level_numbers) != list(range(len(level_numbers))):
        v.error(
            "$.levels",
            _("levels must be numbered 0, 1, 2, … without gaps; found %(numbers)s")
            % {"numbers": ", ".join(map(str, sorted(level_numbers)))},
        )

    characteristic_keys = set()
    for i, item in enumerate(v.list(data.get("characteristics", []), "$.characteristics")):
        path = f"$.characteristics[{i}]"
        if v.object(item, path, CHARACTERISTIC_KEYS):
            if "key" in item:
                v.key(
                    item["key"],
                    f"{path}.key",
                    CHARACTERISTIC_KEY,
                    seen=characteristic_keys,
                    max_length=MAX_CHARACTERISTIC_KEY_LENGTH,
                )
            if "area" in item and (
                not isinstance(item["area"], str) or item["area"] not in area_keys
            ):
                v.error(f"{path}.area", _("no area “%(key)s” in $.areas") % {"key": item["area"]})
            if "level" in item and type(item["level"]) is not int:  # not true, not 1.0
                v.error(
                    f"{path}.level",
                    _("must be a whole number: the number of one of the model's levels"),
                )
            elif "level" in item and item["level"] not in level_numbers:
                v.error(
                    f"{path}.level",
                    _("level %(level)s is not one of the model's levels")
                    % {"level": item["level"]},
                )
            if "text" in item:
                v.translated(item["text"], f"{path}.text", max_length=MAX_TEXT_LENGTH)
    return v.errors
