"""Checks shared by every name and label people type (organisations, teams, models, rounds)."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Bidirectional overrides and isolates reorder what follows them ("invoice‮fdp.exe"), so a
# name could read differently from what it is; they are format characters (Cf), not Cc.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LINE_BREAKS = frozenset("\t\n\r")


def control_characters(text, *, multiline=False):
    """The control characters in text, in order (line breaks and tabs allowed if multiline)."""
    allowed = LINE_BREAKS if multiline else frozenset()
    return [
        char
        for char in text or ""
        if char not in allowed and (unicodedata.category(char) == "Cc" or char in BIDI_CONTROLS)
    ]


@deconstructible
class NoControlCharacters:
    """Refuses control characters: a newline in a name breaks e-mail headers and exports."""

    message = _("Remove the control character (such as a line break or tab) from this text.")
    code = "control_characters"

    def __init__(self, multiline=False):
        self.multiline = multiline

    def __call__(self, value):
        if control_characters(value, multiline=self.multiline):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, NoControlCharacters) and self.multiline == other.multiline


no_control_characters = NoControlCharacters()
no_control_characters_multiline = NoControlCharacters(multiline=True)
