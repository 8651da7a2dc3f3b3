"""Reading a model's workbook into the interchange dict, remembering where each value was.

The file is a ZIP archive: its members' sizes are checked before anything is decompressed
(a few hundred KB can unpack to gigabytes), and every sheet is read as a stream (openpyxl's
read-only mode), stopping as soon as it has more rows than a model may have.
"""

from __future__ import annotations

import io
import re
import zipfile

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from maturity.interchange import ModelImportError
from maturity.limits import MAX_AREAS, MAX_CHARACTERISTICS, MAX_DIMENSIONS, MAX_LEVELS
from maturity.spreadsheet_format import HIGHLIGHT_ROWS, INSTRUCTIONS, MODEL_FIELDS, SHEETS
from maturity.spreadsheet_rows import Place, rows_to_document

ZIP_SIGNATURE = b"PK\x03\x04"
MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024  # all members of the archive together
MAX_MEMBERS = 500  # an XLSX from Excel or LibreOffice has 10 to 30
MAX_COLUMNS = 30  # of the header row that is looked at
BLANK_ROWS = 1_000  # empty rows a sheet may have between its entries
ROW_LIMITS = {
    "Model": len(MODEL_FIELDS) + 10,
    "Levels": MAX_LEVELS,
    "Highlights": HIGHLIGHT_ROWS,
    "Dimensions": MAX_DIMENSIONS,
    "Areas": MAX_AREAS,
    "Characteristics": MAX_CHARACTERISTICS,
}


def is_workbook(raw: bytes) -> bool:
    """An XLSX file is a ZIP archive; anything else is read as JSON."""
    return raw.startswith(ZIP_SIGNATURE)


def read_workbook(raw: bytes):
    """(document, places, problems): the interchange dict, the Place of each JSON path
    (see `locate`), and problems of single rows that the dict cannot show. A file that is no
    workbook of this layout raises ModelImportError."""
    book = _open(raw)
    try:
        tables = _tables(book)
    finally:
        book.close()
    return rows_to_document(tables)


def locate(errors, places):
    """Validation's (JSON path, message) pairs as (sheet, row and column, message)."""
    return [(str(_place(path, places)), message) for path, message in errors]


LAST_STEP = re.compile(r"(\.[^.\[\]]+|\[\d+\])$")


def _place(path, places):
    """The Place of a path, or of the nearest entry above it (a row, a sheet)."""
    while path not in places:
        shorter = LAST_STEP.sub("", path)
        if shorter == path:
            return _("the workbook")
        path = shorter
    return places[path]


def _refuse(message):
    return ModelImportError([(_("the workbook"), message)])


def _open(raw):
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise _refuse(_("the file is not an XLSX workbook (a damaged ZIP archive)")) from None
    # The sizes in the directory are the most zipfile will decompress (it stops there and
    # then fails the checksum), so they bound the work that follows.
    total = sum(member.file_size for member in members)
    if len(members) > MAX_MEMBERS or total > MAX_UNCOMPRESSED_BYTES:
        raise _refuse(
            _("the workbook unpacks to more than %(size)d MB; a model needs far less")
            % {"size": MAX_UNCOMPRESSED_BYTES // 2**20}
        )
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise _refuse(_("the file is a ZIP archive, not an XLSX workbook"))
    if _declares_entities(archive, members):
        raise _refuse(_("the workbook contains XML entity declarations, which are refused"))
    try:
        return load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # openpyxl raises anything from KeyError to TypeError on a broken file
        raise _refuse(_("the file is not an XLSX workbook that can be read")) from None


def _declares_entities(archive, members):
    """No XLSX needs a DTD; one with entities could expand a few bytes into gigabytes."""
    for member in members:
        if member.filename.endswith((".xml", ".rels", ".vml")):
            try:
                with archive.open(member) as part:
                    if b"<!DOCTYPE" in part.read(MAX_UNCOMPRESSED_BYTES).upper():
                        return True
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
                raise _refuse(_("the file is not an XLSX workbook that can be read")) from None
    return False


def _tables(book):
    """{sheet: (columns, rows)}: each column's letter by header, and the non-empty rows as
    (row number, {header: value})."""
    names = [name for name in book.sheetnames if name != INSTRUCTIONS]
    problems = [
        (_("the workbook"), _("unknown sheet “%(sheet)s”") % {"sheet": name[:40]})
        for name in names
        if name not in SHEETS
    ] + [
        (_("the workbook"), _("the sheet “%(sheet)s” is missing") % {"sheet": name})
        for name in SHEETS
        if name not in names
    ]
    if problems:
        raise ModelImportError(problems)
    columns = {}
    for name, headers in SHEETS.items():
        found, header_problems = _header(book[name], name, headers)
        columns[name] = found
        problems += header_problems
    if problems:
        raise ModelImportError(problems)
    return {name: (columns[name], _rows(book[name], name, columns[name])) for name in SHEETS}


def _header(sheet, name, headers):
    row = next(sheet.iter_rows(max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
    columns, problems = {}, []
    for index, value in enumerate(row):
        header = str(value).strip().lower() if value is not None else ""
        letter = get_column_letter(index + 1)
        if not header:
            continue
        if header not in headers:
            message = _("unknown column; the columns are %(headers)s")
            place = Place(name, 1, letter, header[:40])
            problems.append((str(place), message % {"headers": ", ".join(headers)}))
        elif header in columns:
            problems.append((str(Place(name, 1, letter, header)), _("the column appears twice")))
        else:
            columns[header] = index
    for header in headers:
        if header not in columns:
            problems.append(
                (str(Place(name, 1)), _("the column “%(header)s” is missing") % {"header": header})
            )
    return columns, problems


def _rows(sheet, name, columns):
    """The sheet's non-empty rows; refuses more than the model's limits before reading on."""
    limit = ROW_LIMITS[name]
    width = max(columns.values()) + 1
    rows = []
    lines = sheet.iter_rows(min_row=2, max_col=width, values_only=True)
    for number, line in enumerate(lines, start=2):
        # openpyxl makes up the rows missing before one far down: a row numbered a billion
        # would take hours, so rows beyond the limit and some room for empty ones are refused.
        if number - 1 > limit + BLANK_ROWS:
            raise _too_many_rows(name, limit)
        values = {header: line[i] if i < len(line) else None for header, i in columns.items()}
        if all(_blank(value) for value in values.values()):
            continue
        if len(rows) >= limit:
            raise _too_many_rows(name, limit)
        rows.append((number, values))
    return rows


def _too_many_rows(name, limit):
    message = _("the sheet has more than %(max)s rows of entries; at most %(max)s are allowed")
    return ModelImportError([(name, message % {"max": number_format(limit, force_grouping=True)})])


def _blank(value):
    return value is None or isinstance(value, str) and not value.strip()
