"""The layout of a model's workbook: its sheets, their columns, and the Instructions sheet.

Sheet names and column headers are fixed English words in every language (a file filled in
German can be read anywhere); only the Instructions sheet follows the reader's language.
"""

from django.utils.translation import gettext as _

from maturity.limits import MAX_HIGHLIGHTS, MAX_LEVELS

MODEL_FIELDS = (
    "slug",
    "version",
    "languages",
    "name_de",
    "name_en",
    "description_de",
    "description_en",
    "source",
)
SHEETS = {
    "Model": ("field", "value"),
    "Levels": (
        "number",
        "name_de",
        "name_en",
        "title_de",
        "title_en",
        "description_de",
        "description_en",
    ),
    "Highlights": ("level", "text_de", "text_en"),
    "Dimensions": ("key", "name_de", "name_en"),
    "Areas": ("key", "dimension", "name_de", "name_en"),
    "Characteristics": ("area", "level", "key", "text_de", "text_en"),
}
INSTRUCTIONS = "Instructions"  # read by people only; the import skips it
HIGHLIGHT_ROWS = MAX_LEVELS * MAX_HIGHLIGHTS


def instructions():
    """(heading, text) rows of the Instructions sheet, in the active language."""
    return [
        (_("Maturity model"), _("A maturity model to import as an XLSX workbook.")),
        (
            _("How to use it"),
            _(
                "Fill in the sheets Model, Levels, Highlights, Dimensions, Areas and "
                "Characteristics, then upload the file under Settings → Models. It is checked "
                "completely like a JSON file and imported as a draft, or not at all; every "
                "problem is named by sheet, row and column."
            ),
        ),
        (
            _("Languages"),
            _(
                "One language is enough. Name the model's languages in the Model sheet "
                "(“de, en”, “de” or “en”; left empty: the languages its name is given in) "
                "and fill in the columns of those languages only: …_de for German, …_en for "
                "English. Leave the other columns empty."
            ),
        ),
        (
            "Model",
            _(
                "One row per field, its value in column B: slug (the model's key: lower-case "
                "letters, digits and hyphens), version (such as 1 or 2.1), languages, name, "
                "description, and source (where the model comes from and its licence)."
            ),
        ),
        (
            "Levels",
            _(
                "One row per level, numbered 0, 1, 2, … without gaps: its name, a title and "
                "a description (which may be empty)."
            ),
        ),
        (
            "Highlights",
            _(
                "Key points that sum up a level, one per row: the number of the level and "
                "the text. May stay empty."
            ),
        ),
        (
            "Dimensions",
            _(
                "The model's dimensions (1 to 12), each with a key and a name. Every "
                "dimension needs at least one area."
            ),
        ),
        (
            "Areas",
            _(
                "The areas teams are assessed in, each with a key, the key of its dimension "
                "and a name; in the order of the rows."
            ),
        ),
        (
            "Characteristics",
            _(
                "What a team does at a level in an area, one per row: the area's key, the "
                "level's number, a key (may stay empty: one is made up) and the text."
            ),
        ),
        (
            _("Please note"),
            _(
                "Do not rename the sheets or the headings in the first row. Empty rows are "
                "skipped. A published version is never changed: to change one, give the "
                "upload a new version."
            ),
        ),
        (
            _("Format"),
            _(
                "The rules are those of the JSON interchange format, described in "
                "docs/model-format.md of the project's documentation."
            ),
        ),
        (_("Choices for languages"), ""),
    ]
