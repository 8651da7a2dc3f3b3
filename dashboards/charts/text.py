"""Text and numbers on charts: cleaning and escaping, number formats, width estimates, wrapping.

Widths are estimates for DejaVu Sans (the font of the charts and the PDFs): no font is measured,
so the output is the same on every machine.
"""

import math
import re

from django.utils.html import escape

MISSING = "—"

# Characters XML 1.0 does not allow (and lone surrogates, which cannot be encoded).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_NARROW = set("fijlrtI.,:;!|'()[]{} ")
_WIDE = set("mwMW@%—…")


# Numbers


def coordinate(number):
    """A coordinate with at most two decimals and no trailing zeros."""
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def one(number):
    """A value as written on a chart: one decimal."""
    text = f"{number:.1f}"
    return "0.0" if text == "-0.0" else text


def count(number):
    """A count: whole numbers without decimals."""
    return str(int(number)) if float(number).is_integer() else one(number)


def num(value):
    """A finite float, or None for missing (None, NaN, text that is no number)."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def clamp(number, low, high):
    return max(low, min(high, number))


def top_value(max_value):
    """The top of a value axis: at least 1, 4 when missing."""
    number = num(max_value)
    if number is None:
        return 4.0
    return max(number, 1.0)


def integers(top):
    """0, 1, … up to `top`."""
    return list(range(int(math.floor(top + 1e-9)) + 1))


# Text


def clean(value):
    """`value` as text that XML allows (lazy translations are resolved)."""
    return _INVALID_XML.sub("", "" if value is None else str(value))


def esc(value):
    return escape(clean(value))


def text_width(text, size):
    """An estimate of the rendered width of `text` in DejaVu Sans (a wide font)."""
    units = 0.0
    for char in text:
        if char in _NARROW:
            units += 0.36
        elif char in _WIDE:
            units += 0.92
        elif char.isupper() or char.isdigit():
            units += 0.68
        else:
            units += 0.6
    return units * size


def lines_width(lines, size):
    return max((text_width(line, size) for line in lines), default=0.0)


def ellipsize(text, max_width, size, force=False):
    """`text` shortened with "…" to fit `max_width` (always shortened when `force`)."""
    if not force and text_width(text, size) <= max_width:
        return text
    text = text.rstrip()
    while text and text_width(text + "…", size) > max_width:
        text = text[:-1].rstrip()
    return text + "…"


def _hyphenator():
    """Syllables for the current language (pyphen comes with WeasyPrint); None without it."""
    try:
        import pyphen
    except ImportError:  # pragma: no cover - WeasyPrint depends on pyphen
        return None
    from django.utils import translation

    language = (translation.get_language() or "en").replace("-", "_")
    for code in (language, language.split("_")[0], "en_GB"):
        if pyphen.language_fallback(code):
            return pyphen.Pyphen(lang=code)
    return None


def _split(word, room, size, hyphenator, force):
    """(head, tail) with `head` no wider than `room`: after the last "/" or "-" that fits, else
    at a syllable with a hyphen ("Anwendungs-" "integration"), else (when `force`) at a letter;
    None when no such break fits."""
    for cut in range(len(word) - 1, 0, -1):
        if word[cut - 1] in "/-–" and text_width(word[:cut], size) <= room:
            return word[:cut], word[cut:]
    for left, right in hyphenator.iterate(word) if hyphenator else ():
        if text_width(left + "-", size) <= room:
            return left + "-", right
    if not force:
        return None
    cut = len(word) - 1
    while cut > 1 and text_width(word[:cut] + "-", size) > room:
        cut -= 1
    return word[:cut] + "-", word[cut:]


def wrap(text, max_width, size, max_lines=2):
    """`text` broken into lines at spaces, long words at "/", "-" or syllables (German compounds
    and "Processes/structures" are wrapped, not cut); returns (lines, shortened). Only text
    beyond `max_lines` is cut, with "…"."""
    words = text.split()
    if not words:
        return [""], False
    lines, current, hyphenator = [], "", None
    for word in words:
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size) <= max_width:
            current = candidate
            continue
        if text_width(word, size) <= max_width:
            lines.append(current)
            current = word
            continue
        if hyphenator is None:
            hyphenator = _hyphenator() or False
        # A word wider than a line: fill the current line with its first part, then go on.
        while text_width(word, size) > max_width:
            room = max_width - text_width(f"{current} ", size) if current else max_width
            split = _split(word, room, size, hyphenator, force=not current)
            if split is None:
                lines.append(current)
                current = ""
                continue
            head, word = split
            lines.append(f"{current} {head}" if current else head)
            current = ""
        current = word
    lines.append(current)
    shortened = len(lines) > max_lines
    lines = lines[:max_lines]
    result = []
    for index, line in enumerate(lines):
        force = shortened and index == len(lines) - 1
        fitted = ellipsize(line, max_width, size, force=force)
        shortened = shortened or fitted != line
        result.append(fitted)
    return result, shortened


# The numbers in words (the chart's <desc>)


def value_words(labels, values, fmt=one):
    return ", ".join(
        f"{label} {MISSING if value is None else fmt(value)}"
        for label, value in zip(labels, values, strict=False)
    )


def describe(labels, series, fmt=one):
    return " ".join(f"{name}: {value_words(labels, values, fmt)}." for name, values in series)
