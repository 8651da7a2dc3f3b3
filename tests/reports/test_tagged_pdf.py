"""Tagged, accessible PDFs (issue 18, part 5): WeasyPrint's PDF/UA variant writes a structure
tree (headings, tables) that screen readers follow, the document's language as ordered, and
the title and author from base.html's <title> and <meta name="author">."""

import io
from collections import Counter

import pytest
from django.utils import translation
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from assessments import services
from reports import pdf as report_pdf
from reports.models import Report
from tests.answers import answer_everything


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def submitted(assessment, member, manager):
    answer_everything(assessment, member, level=2)
    services.assessment_submit(assessment=assessment, by=manager)
    assessment.refresh_from_db()
    return assessment


def structure(reader):
    """How often each structure type (/H1, /Table, …) occurs in the structure tree, in order
    of the tree (a depth-first walk from /StructTreeRoot)."""
    found = Counter()
    order = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, DictionaryObject) and "/S" in node:
            kind = str(node["/S"])
            found[kind] += 1
            order.append(kind)
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"].get_object()["/K"])
    return found, order


def build(report):
    return PdfReader(io.BytesIO(report_pdf.build_pdf(report)))


@pytest.mark.parametrize("language", ["de", "en"])
def test_organisation_report_is_tagged_with_language_title_headings_and_tables(
    organisation, submitted, language
):
    report = Report(kind="organisation", organisation=organisation, language=language)
    reader = build(report)
    catalog = reader.trailer["/Root"]

    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert catalog["/Lang"] == language
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    title = {"de": "Reifegradbericht", "en": "Maturity report"}[language]
    assert reader.metadata.title.startswith(organisation.name)
    assert reader.metadata.author == organisation.name
    assert reader.metadata.title.endswith(title)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert organisation.name in xmp

    found, order = structure(reader)
    assert found["/H1"] == 1 and order.index("/H1") < order.index("/H2")
    assert found["/H2"] >= 5
    assert found["/Table"] >= 3
    assert found["/TH"] >= 3 and found["/TD"] >= 3
    assert found["/Figure"] >= 1  # the charts


@pytest.mark.parametrize(
    ("kind", "language"), [("assessment", "de"), ("assessment", "en"), ("team", "en")]
)
def test_assessment_and_team_reports_are_tagged(organisation, submitted, kind, language):
    subject = {"assessment": submitted} if kind == "assessment" else {"team": submitted.team}
    report = Report(kind=kind, organisation=organisation, language=language, **subject)
    reader = build(report)
    catalog = reader.trailer["/Root"]

    assert catalog["/Lang"] == language
    assert "/StructTreeRoot" in catalog
    assert submitted.team.name in reader.metadata.title
    found, _ = structure(reader)
    assert found["/H1"] == 1 and found["/H2"] >= 1
    assert found["/Table"] >= 1


def test_page_footer_says_page_of_pages_in_the_reports_language(organisation, submitted):
    english = build(Report(kind="organisation", organisation=organisation, language="en"))
    pages = len(english.pages)
    assert pages > 1
    assert f"Page 1 of {pages}" in english.pages[0].extract_text()
    assert f"Page {pages} of {pages}" in english.pages[-1].extract_text()


def test_page_footer_words_come_from_the_translated_sentence(organisation, submitted):
    assert report_pdf.page_footer() == {"before": "Page ", "between": " of ", "after": ""}
    with translation.override("de"):
        assert report_pdf.page_footer() == {"before": "Seite ", "between": " von ", "after": ""}
    german = build(Report(kind="organisation", organisation=organisation, language="de"))
    assert "Seite 1 von " in german.pages[0].extract_text()
