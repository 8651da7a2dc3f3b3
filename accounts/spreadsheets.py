"""Text for spreadsheet cells (CSV and XLSX exports). It sits in the lowest app so that every
app's export may use it: the results (reports) and a round's progress (rounds)."""

import re

from accounts.validators import BIDI_CONTROLS

# A spreadsheet reads a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters (Unicode Cc), the bidirectional controls the forms refuse, and what XML
# cannot hold: a workbook drops them, and "\x00=HYPERLINK(…)" would become a formula there.
CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff" + "".join(sorted(BIDI_CONTROLS)) + "]"
)


def spreadsheet_text(value):
    """A text for a CSV or XLSX cell that a spreadsheet shows as text, never runs as a formula:
    control characters are removed first, then one starting like a formula gets a leading
    single quote. Numbers and None stay as they are."""
    if not isinstance(value, str):
        return value
    value = CONTROL.sub("", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value
