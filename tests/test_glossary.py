"""One German glossary (docs/glossary.md): a word it rules out does not come back in the
catalogue's translations or in the templates. The maturity model's own texts (the seed, in
maturity/fixtures and maturity/sources) keep their wording and are not checked."""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po"
# The words the glossary rules out, and the one to use instead.
FORBIDDEN = {
    r"Reifemodell": "Reifegradmodell",
    r"Softwaretechniker": "Softwareentwickler",
    r"Dateningenieur|Datentechniker": "Data Engineer",
    r"Lieferergebnis": "Liefergegenstand / Ergebnis",
    r"\bGehört\b|^gehört$": "Verantwortlich",
    r"[Bb]estell": "Angefordert / anfordern",
    r"Durchgang|Zyklus": "Runde",
    r"Stichtag": "Frist",
    r"Teilnehmer": "Befragte",
    r"überfällig": "verspätet",
}


def offences(texts):
    """[(where, forbidden word, glossary word)] in texts, an iterable of (where, text)."""
    found = []
    for where, text in texts:
        for pattern, instead in FORBIDDEN.items():
            for match in re.finditer(pattern, text, re.MULTILINE):
                found.append((where, match.group(), instead))
    return found


def catalogue_texts(path=CATALOGUE):
    for entry in polib.pofile(str(path)):
        translations = [entry.msgstr, *entry.msgstr_plural.values()]
        for text in filter(None, translations):
            yield entry.msgid, text


def test_the_catalogue_uses_the_glossary():
    assert offences(catalogue_texts()) == []


def test_the_templates_use_the_glossary():
    templates = sorted((ROOT / "templates").rglob("*.*"))
    assert templates
    assert offences((str(path.relative_to(ROOT)), path.read_text()) for path in templates) == []


def test_the_glossary_lists_the_words_to_use():
    glossary = (ROOT / "docs" / "glossary.md").read_text()
    assert [i for i in FORBIDDEN.values() if i.split(" / ")[0] not in glossary] == []


@pytest.mark.parametrize(
    "text", ["Das Reifemodell", "Softwaretechniker", "Gehört", "gehört", "Bestellt"]
)
def test_a_forbidden_word_is_found(text):
    assert offences([("x", text)])


def test_ordinary_uses_are_not_offences():
    assert offences([("x", "zu dieser Dimension gehört kein Bereich")]) == []
