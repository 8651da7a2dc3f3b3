"""The problems of a draft, told in the editor's words rather than as JSON paths.

`$.areas[2].name.de` of an export becomes “Area 3 “Delivery”: name (German)”, so that an
organisation building a model in forms finds what to fix without knowing the format.
"""

import re

from django.utils.translation import gettext as _

TOKEN = re.compile(r"\.(\w+)|\[(\d+)\]")


def _languages():
    return {"de": _("German"), "en": _("English")}


def _fields():
    return {
        "name": _("name"),
        "title": _("title"),
        "description": _("description"),
        "text": _("text"),
        "key": _("key"),
        "dimension": _("dimension"),
        "area": _("area"),
        "level": _("level"),
        "number": _("number"),
        "highlights": _("highlights"),
        "slug": _("short name"),
        "version": _("version"),
        "languages": _("languages"),
        "source": _("source"),
    }


def _label(text):
    if isinstance(text, dict):
        return next((value for value in text.values() if value), "")
    return ""


def _subject(data, part, index):
    items = data.get(part) if isinstance(data, dict) else None
    item = items[index] if isinstance(items, list) and index < len(items) else {}
    item = item if isinstance(item, dict) else {}
    if part == "levels":
        return _("Level %(number)s “%(name)s”") % {
            "number": item.get("number", index),
            "name": _label(item.get("name")),
        }
    if part == "characteristics":
        return _("Characteristic “%(text)s” (%(area)s, level %(level)s)") % {
            "text": _label(item.get("text"))[:60],
            "area": item.get("area", ""),
            "level": item.get("level", ""),
        }
    word = {"dimensions": _("Dimension"), "areas": _("Area")}[part]
    return f"{word} {index + 1} “{_label(item.get('name'))}”"


def describe(path, message, data):
    """One problem as a sentence: what it is about, which field, what is wrong."""
    tokens = [(name, index) for name, index in TOKEN.findall(path)]
    subject, details = _("The model"), []
    fields, languages = _fields(), _languages()
    parts = {"levels", "dimensions", "areas", "characteristics"}
    i = 0
    if tokens and tokens[0][0] in parts:
        part = tokens[0][0]
        if len(tokens) > 1 and tokens[1][1]:
            subject = _subject(data, part, int(tokens[1][1]))
            i = 2
        else:
            subject = {
                "levels": _("The levels"),
                "dimensions": _("The dimensions"),
                "areas": _("The areas"),
                "characteristics": _("The characteristics"),
            }[part]
            i = 1
    for name, index in tokens[i:]:
        if index:
            details.append(_("no. %(number)d") % {"number": int(index) + 1})
        elif name in languages:
            details.append(f"({languages[name]})")
        else:
            details.append(fields.get(name, name))
    where = " ".join([subject + (":" if details else ""), *details]) if details else subject
    return f"{where}: {message}"


def describe_all(errors, data):
    """[(path, sentence)] of a validation's problems."""
    return [(path, describe(path, message, data)) for path, message in errors]
