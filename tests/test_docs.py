"""The README stays short and its documents exist; every command they show exists."""

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_the_readme_is_short_and_has_the_two_commands():
    readme = (ROOT / "README.md").read_text()

    assert len(readme.splitlines()) <= 150
    assert "make run" in readme and "make test" in readme


def test_every_document_and_picture_the_readme_links_exists():
    readme = (ROOT / "README.md").read_text()
    links = re.findall(r"\]\(((?:docs/)[^)#]+)\)", readme)

    assert {"docs/user-guide.md", "docs/configuration.md", "docs/performance.md"} <= set(links)
    assert [link for link in links if not (ROOT / link).exists()] == []


def test_every_manage_py_command_shown_exists():
    known = set(get_commands())
    shown = {
        (document.name, name)
        for document in DOCUMENTS
        for name in re.findall(r"manage\.py ([a-z_]+)", document.read_text())
    }

    assert shown, "the documents show no manage.py command"
    assert sorted((doc, name) for doc, name in shown if name not in known) == []


def test_every_make_target_shown_exists():
    targets = set(re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text(), re.MULTILINE))
    shown = {
        (document.name, name)
        for document in DOCUMENTS
        for name in re.findall(r"`make ([a-z][\w-]*)", document.read_text())
    }

    assert sorted((doc, name) for doc, name in shown if name not in targets) == []


def test_no_document_names_a_module_that_is_gone():
    paths = {
        (document.name, path)
        for document in DOCUMENTS
        for path in re.findall(r"`((?:[a-z_]+/)+[a-z_]+\.py)`", document.read_text())
    }

    assert sorted((doc, path) for doc, path in paths if not (ROOT / path).exists()) == []
