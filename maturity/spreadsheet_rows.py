"""The rows of a model's workbook turned into the interchange dict, with the place of each
value by its JSON path, so that validation's problems can be shown where they are."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from maturity.models import LANGUAGES
from maturity.spreadsheet_format import MODEL_FIELDS
from maturity.validation import declared_languages

LANGUAGE_SEPARATORS = re.compile(r"[\s,;/]+")
DIGITS = re.compile(r"\d{1,6}")


@dataclass(frozen=True)
class Place:
    """Where a value is in the workbook: a sheet, maybe a row, maybe a column."""

    sheet: str
    row: int | None = None
    column: str | None = None  # its letter
    header: str | None = None

    def __str__(self):
        if self.row and self.column:
            return _("%(sheet)s, row %(row)d, column %(column)s (%(header)s)") % vars(self)
        if self.row:
            return _("%(sheet)s, row %(row)d") % vars(self)
        if self.header:
            return _("%(sheet)s, field %(header)s") % vars(self)
        return self.sheet


def rows_to_document(tables):
    """(document, places, problems) of {sheet: (columns, rows)} as `_tables` reads them."""
    reader = _Reader(tables)
    return reader.document(), reader.places, reader.problems


class _Reader:
    def __init__(self, tables):
        self.tables = tables
        self.places = {
            f"$.{key}": Place(sheet)
            for key, sheet in [
                ("name", "Model"),
                ("description", "Model"),
                ("levels", "Levels"),
                ("dimensions", "Dimensions"),
                ("areas", "Areas"),
                ("characteristics", "Characteristics"),
            ]
        }
        self.problems = []
        self.languages = LANGUAGES

    def document(self):
        data = self.model()
        self.languages = declared_languages(data)
        data["levels"] = self.levels()
        self.highlights(data["levels"])
        data["dimensions"] = [
            self.entry(path, values, number, "Dimensions", keys=("key",), texts=("name",))
            for path, number, values in self.rows("Dimensions", "$.dimensions")
        ]
        data["areas"] = [
            self.entry(path, values, number, "Areas", keys=("key", "dimension"), texts=("name",))
            for path, number, values in self.rows("Areas", "$.areas")
        ]
        data["characteristics"] = [
            self.entry(
                path,
                values,
                number,
                "Characteristics",
                keys=("area", "key"),
                numbers=("level",),
                texts=("text",),
            )
            for path, number, values in self.rows("Characteristics", "$.characteristics")
        ]
        return data

    def rows(self, sheet, path):
        """(path, row number, values) of each entry of a sheet, registering the row's place."""
        for i, (number, values) in enumerate(self.tables[sheet][1]):
            self.places[f"{path}[{i}]"] = Place(sheet, number)
            yield f"{path}[{i}]", number, values

    def cell(self, path, sheet, number, header, shown=None):
        letter = get_column_letter(self.tables[sheet][0][header] + 1)
        self.places[path] = Place(sheet, number, letter, shown or header)

    def model(self):
        fields = {}
        for number, values in self.tables["Model"][1]:
            field = (_key(values["field"]) or "").lower()
            if field not in MODEL_FIELDS:
                self.cell("", "Model", number, "field")
                message = _("unknown field; the fields are %(fields)s")
                self.problem("", message % {"fields": ", ".join(MODEL_FIELDS)})
            elif field in fields:
                self.cell("", "Model", number, "field")
                self.problem("", _("the field appears twice"))
            else:
                fields[field] = values["value"]
                path = "$." + field.replace("_", ".")
                self.cell(path, "Model", number, "value", shown=field)
        for field in MODEL_FIELDS:
            self.places.setdefault("$." + field.replace("_", "."), Place("Model", header=field))
        data = {"source": _text(fields.get("source")) or ""}
        for field in ("slug", "version"):
            if (value := _key(fields.get(field))) is not None:
                data[field] = value
        if (languages := _text(fields.get("languages"))) is not None:
            data["languages"] = [t for t in LANGUAGE_SEPARATORS.split(languages.lower()) if t]
        for field in ("name", "description"):
            data[field] = {
                lang: text
                for lang in LANGUAGES
                if (text := _text(fields.get(f"{field}_{lang}"))) is not None
            }
        return data

    def levels(self):
        return [
            self.entry(
                path,
                values,
                number,
                "Levels",
                numbers=("number",),
                texts=("name", "title"),
                optional_texts=("description",),
            )
            | {"highlights": []}
            for path, number, values in self.rows("Levels", "$.levels")
        ]

    def highlights(self, levels):
        """Each row of Highlights joins the list of its level, in the order of the rows."""
        index = {}
        for i, level in enumerate(levels):
            index.setdefault(level.get("number"), i)
            self.places[f"$.levels[{i}].highlights"] = Place("Highlights")
        for number, values in self.tables["Highlights"][1]:
            level = _whole(values["level"])
            if level is None or isinstance(level, bool) or level not in index:
                self.cell("", "Highlights", number, "level")
                message = _("level %(level)s is not one of the model's levels")
                self.problem("", _("missing") if level is None else message % {"level": level})
                continue
            i = index[level]
            path = f"$.levels[{i}].highlights[{len(levels[i]['highlights'])}]"
            self.places[path] = Place("Highlights", number)
            levels[i]["highlights"].append(self.texts(path, values, number, "Highlights", "text"))

    def entry(self, path, values, number, sheet, keys=(), numbers=(), texts=(), optional_texts=()):
        """One row as an object; an empty cell leaves its key out (validation names it)."""
        entry = {}
        for header in keys + numbers:
            self.cell(f"{path}.{header}", sheet, number, header)
            value = _key(values[header]) if header in keys else _whole(values[header])
            if value is not None:
                entry[header] = value
        for field in texts:
            entry[field] = self.texts(f"{path}.{field}", values, number, sheet, field)
        for field in optional_texts:
            entry[field] = self.texts(f"{path}.{field}", values, number, sheet, field, True)
        return entry

    def texts(self, path, values, number, sheet, field, allow_empty=False):
        """{language: text} of the columns `<field>_de` and `<field>_en`. An empty cell is a
        missing text, or "" where the text may be empty in a language of the model."""
        texts = {}
        for lang in LANGUAGES:
            self.cell(f"{path}.{lang}", sheet, number, f"{field}_{lang}")
            text = _text(values[f"{field}_{lang}"])
            if text is not None:
                texts[lang] = text
            elif allow_empty and lang in self.languages:
                texts[lang] = ""
        return texts

    def problem(self, path, message):
        self.problems.append((str(self.places.pop(path)), message))


def _text(value):
    """A cell as text; None when it is empty. Numbers typed into a text cell stay as shown."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date | time):
        value = value.isoformat()
    text = value if isinstance(value, str) else str(value)
    return text if text.strip() else None


def _key(value):
    text = _text(value)
    return text.strip() if text is not None else None


def _whole(value):
    """A level's number: 2, 2.0 and "2" are 2; anything else stays for validation to name."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        if not value.strip():
            return None
        return int(value.strip()) if DIGITS.fullmatch(value.strip()) else value.strip()
    return value
