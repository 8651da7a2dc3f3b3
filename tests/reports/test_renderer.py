"""The reports' lighter WeasyPrint stylesheet (reports/renderer.py): no pseudo-element styles
for every element, list markers still drawn."""

import io

from pypdf import PdfReader
from weasyprint.css import get_all_computed_styles

from reports import renderer
from reports.pdf import STATIC_SCHEME, static_only_fetcher


def test_the_installed_weasyprint_stylesheet_is_trimmed():
    # Fails on a WeasyPrint whose HTML stylesheet changed shape: the reports would still be
    # right, but carry six pseudo-element styles per element again (see renderer.py).
    sheets = renderer.user_agent_stylesheets()

    assert sheets is not None


def test_the_trimmed_text_keeps_markers_for_list_items_and_drops_the_note_rules():
    original = (
        "li { display: list-item }\n"
        "::marker { white-space: pre }\n"
        '::footnote-call { content: counter(footnote) }\n::footnote-marker { content: ". " }\n'
        '::note-call { content: counter(note) }\n::note-marker { content: ". " }\n'
        '::note-callback { content: " ↩" }\n'
    )

    text = renderer.trimmed_stylesheet_text(original)

    assert text == "li { display: list-item }\nli::marker, summary::marker { white-space: pre }\n"
    assert renderer.trimmed_stylesheet_text("p { color: red }\n") is None


def test_elements_get_no_pseudo_element_styles_and_list_items_keep_their_bullets(settings):
    html = "<html lang='en'><body>" + "<p>Row</p>" * 20 + "<ul><li>First</li></ul></body></html>"
    document = renderer.ReportHTML(
        string=html, base_url=STATIC_SCHEME + "/", url_fetcher=static_only_fetcher()
    )

    style_for = get_all_computed_styles(document)
    pseudo = [key for key in style_for.get_computed_styles() if key[1] and key[1][0] != "@"]

    assert [pseudo_type for _element, pseudo_type in pseudo] == ["marker"]  # the <li>'s only
    pages = PdfReader(io.BytesIO(document.write_pdf())).pages
    text = "".join(page.extract_text() for page in pages)
    assert "First" in text and "•" in text, text  # pypdf reads the bullet after its item
