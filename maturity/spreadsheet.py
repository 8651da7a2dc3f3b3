"""Maturity models as XLSX workbooks: a template to fill in a spreadsheet, and its import.

A workbook holds the interchange document (DESIGN.md) in one sheet per list, one row per
entry; the texts of each language in a column of its own (`name_de`, `name_en`). It is read
into the same dict as a JSON file and validated by the same code; every problem's JSON path
is then translated back into the sheet, row and column it came from.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from maturity.interchange import ModelImportError, export_model, import_model
from maturity.limits import MAX_AREAS, MAX_CHARACTERISTICS, MAX_DIMENSIONS, MAX_LEVELS
from maturity.models import MaturityModel
from maturity.spreadsheet_example import example_model
from maturity.spreadsheet_format import (
    HIGHLIGHT_ROWS,
    MODEL_FIELDS,
    SHEETS,
    instructions,
)
from maturity.spreadsheet_reading import is_workbook, locate, read_workbook
from maturity.validation import validate

__all__ = ["example_model", "import_workbook", "is_workbook", "parse_workbook", "workbook_of"]

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTHS = {"key": 22, "area": 22, "dimension": 22, "field": 18, "number": 9, "level": 9}
TEXT_WIDTH = 45
LONG_TEXT_WIDTH = 70  # descriptions, characteristics, highlights
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")


def workbook_of(model: MaturityModel | dict | None = None) -> bytes:
    """The workbook of a model (a stored one or an interchange dict); without one, the empty
    template. The Instructions sheet is written in the active language."""
    data = export_model(model) if isinstance(model, MaturityModel) else model
    book = Workbook()
    book.remove(book.active)
    languages_range = _instructions_sheet(book)
    rows = _rows(data) if data else {"Model": [[field, ""] for field in MODEL_FIELDS]}
    for sheet, headers in SHEETS.items():
        _data_sheet(book, sheet, headers, rows.get(sheet, []))
    _validations(book, languages_range)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def parse_workbook(raw: bytes) -> dict:
    """The interchange dict a workbook holds, or ModelImportError naming sheet, row, column."""
    data, _places, problems = read_workbook(raw)
    if problems:
        raise ModelImportError(problems)
    return data


def import_workbook(
    raw: bytes, *, organisation=None, status=MaturityModel.Status.DRAFT
) -> MaturityModel:
    """Validate and import a workbook like a JSON file (all or nothing); every problem is
    reported with the sheet, row and column where it is."""
    data, places, problems = read_workbook(raw)
    # Problems of single rows (a highlight of no level) and the document's, all at once.
    errors = problems + locate(validate(data), places)
    if errors:
        raise ModelImportError(errors)
    try:
        return import_model(data, organisation=organisation, status=status)
    except ModelImportError as error:  # the version exists already, say
        raise ModelImportError(locate(error.errors, places)) from None


def _rows(data):
    """The cells of each sheet, row by row, in the order of the sheet's headers."""
    languages = data.get("languages") or []

    def texts(obj, field):
        return [obj.get(field, {}).get(lang, "") for lang in ("de", "en")]

    model = {
        "slug": data["slug"],
        "version": data["version"],
        "languages": ", ".join(languages),
        "name_de": data["name"].get("de", ""),
        "name_en": data["name"].get("en", ""),
        "description_de": data["description"].get("de", ""),
        "description_en": data["description"].get("en", ""),
        "source": data.get("source", ""),
    }
    return {
        "Model": [[field, model[field]] for field in MODEL_FIELDS],
        "Levels": [
            [lv["number"], *texts(lv, "name"), *texts(lv, "title"), *texts(lv, "description")]
            for lv in data["levels"]
        ],
        "Highlights": [
            [lv["number"], h.get("de", ""), h.get("en", "")]
            for lv in data["levels"]
            for h in lv["highlights"]
        ],
        "Dimensions": [[d["key"], *texts(d, "name")] for d in data["dimensions"]],
        "Areas": [[a["key"], a["dimension"], *texts(a, "name")] for a in data["areas"]],
        "Characteristics": [
            [c["area"], c["level"], c.get("key", ""), *texts(c, "text")]
            for c in data["characteristics"]
        ],
    }


def _data_sheet(book, title, headers, rows):
    sheet = book.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = BOLD
    sheet.freeze_panes = "A2"
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            _put(sheet, number, column, value)
    for column, header in enumerate(headers, start=1):
        letter = sheet.cell(1, column).column_letter
        sheet.column_dimensions[letter].width = _width(title, header)


def _width(sheet, header):
    if header in WIDTHS:
        return WIDTHS[header]
    if header.startswith(("description", "text")) or sheet == "Model" and header == "value":
        return LONG_TEXT_WIDTH
    return TEXT_WIDTH


def _put(sheet, row, column, value):
    if value in ("", None):
        return
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters XML cannot hold
    cell = sheet.cell(row, column, value)
    if isinstance(value, str):
        # A text such as "=1+1" stays a text, never a formula.
        cell.data_type = "s"
        cell.alignment = WRAP
    else:
        cell.alignment = TOP


def _instructions_sheet(book):
    """The sheet that explains the others; returns the range of the languages' choices."""
    sheet = book.create_sheet("Instructions")
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100
    for heading, text in instructions():
        sheet.append([heading, text])
        row = sheet.max_row
        sheet.cell(row, 1).font = BOLD
        sheet.cell(row, 1).alignment = TOP
        sheet.cell(row, 2).alignment = WRAP
    start = sheet.max_row + 1
    for choice in ("de, en", "de", "en"):
        sheet.append(["", choice])
    return f"Instructions!$B${start}:$B${start + 2}"


def _validations(book, languages_range):
    """Drop-down lists where the choices are known; cheap, and only a help while typing."""
    languages_row = MODEL_FIELDS.index("languages") + 2
    lists = [
        ("Model", f"B{languages_row}", languages_range),
        ("Areas", f"B2:B{MAX_AREAS + 1}", f"Dimensions!$A$2:$A${MAX_DIMENSIONS + 1}"),
        ("Characteristics", f"A2:A{MAX_CHARACTERISTICS + 1}", f"Areas!$A$2:$A${MAX_AREAS + 1}"),
        ("Characteristics", f"B2:B{MAX_CHARACTERISTICS + 1}", f"Levels!$A$2:$A${MAX_LEVELS + 1}"),
        ("Highlights", f"A2:A{HIGHLIGHT_ROWS + 1}", f"Levels!$A$2:$A${MAX_LEVELS + 1}"),
    ]
    for sheet, cells, source in lists:
        validation = DataValidation(type="list", formula1=source, allow_blank=True)
        validation.add(cells)
        book[sheet].add_data_validation(validation)
