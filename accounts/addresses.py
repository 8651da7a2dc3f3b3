"""E-mail addresses: the one stored spelling, and the look-alikes that are refused.

An address is stored NFKC-normalised and lower-cased, and looked up by exact match only.
Case-insensitive lookups in the database are not safe: PostgreSQL's UPPER() maps the dotless
ı to I and ſ to S, so "vıctim@…" would find "victim@…" there while Python counts it apart.
"""

import unicodedata

from confusable_homoglyphs import categories
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# What case mapping turns into, or makes look like, ASCII i: ı upper-cases to I, and İ
# lower-cases to i plus a combining dot above (U+0307), which looks like a plain i.
CASE_LOOKALIKES = frozenset("ı\u0307")
# Characters of no script of their own (digits, punctuation; combining marks).
NO_SCRIPT = frozenset({"COMMON", "INHERITED"})
# Scripts written together (Unicode TS #39, "highly restrictive"): Japanese, Chinese, Korean.
SCRIPTS_WRITTEN_TOGETHER = (
    frozenset({"HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"HAN", "BOPOMOFO"}),
    frozenset({"HAN", "HANGUL"}),
)


def normalise_email(email):
    """The stored form of an address: NFKC, then lower case.

    `lower()` rather than `casefold()`: casefold also folds ß to ss and ς to σ, merging
    addresses that mail servers deliver apart; NFKC already turns ſ into s.
    """
    return unicodedata.normalize("NFKC", (email or "").strip()).lower()


def mixes_scripts(text):
    scripts = categories.unique_aliases(text) - NO_SCRIPT
    return len(scripts) > 1 and not any(scripts <= group for group in SCRIPTS_WRITTEN_TOGETHER)


def email_problem(email):
    """Why this address, as typed, could pass for another one; None if it cannot."""
    email = (email or "").strip()
    composed = unicodedata.normalize("NFC", email).lower()
    normalised = normalise_email(email)
    # Canonically equivalent spellings (é as e plus an accent) are the same text: accepted.
    if normalised != composed:
        return _(
            "This address contains look-alike characters (such as ſ or full-width letters). "
            "Type it as %(address)s if that is what you mean."
        ) % {"address": normalised}
    if CASE_LOOKALIKES & set(normalised):
        return _(
            "Addresses with a dotless ı or a dotted İ cannot be used: they look like "
            "addresses with a plain i."
        )
    local, _at, domain = normalised.rpartition("@")
    if mixes_scripts(local) or any(mixes_scripts(label) for label in domain.split(".")):
        return _(
            "This address mixes letters of different scripts (such as Latin and Cyrillic), "
            "so it could be mistaken for another address."
        )
    return None


def unambiguous_email(value):
    """Validator: refuses an address that could pass for another one (see email_problem)."""
    problem = email_problem(value)
    if problem:
        raise ValidationError(problem, code="ambiguous_email")
