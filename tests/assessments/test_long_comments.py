"""Long comments: refused beyond the limit (never cut), counted as the browser counts them,
folded on the results pages and shortened in the PDF with the whole text in an appendix."""

import io

import pytest
from pypdf import PdfReader

from assessments import services
from assessments.forms import AreaAnswerForm
from assessments.models import Answer
from assessments.services import MAX_COMMENT_LENGTH
from reports import pdf as report_pdf
from reports.models import Report
from tests.assessments.test_views import post_answer, url

pytestmark = pytest.mark.django_db

TOO_LONG = "x" * (MAX_COMMENT_LENGTH + 1)
REFUSED = "The comment has 10,001 characters; at most 10,000 fit. Shorten it: nothing was saved."
# Words, so that a fold falls between them; the start and the end are easy to tell apart.
LONG = "Start of a long comment. " + "We deploy by hand every second week. " * 60 + "The end."


def test_the_form_refuses_a_comment_over_the_limit_with_its_length():
    form = AreaAnswerForm({"level": 1, "comment": TOO_LONG, "evidence": ""})

    assert not form.is_valid()
    assert form.errors["comment"] == [REFUSED]


def test_the_form_counts_a_posted_line_break_as_one_character_like_the_browser():
    half = "x" * (MAX_COMMENT_LENGTH // 2 - 1)
    form = AreaAnswerForm({"level": 1, "comment": f"{half}\r\n{half}x", "evidence": ""})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["comment"] == f"{half}\n{half}x"
    assert len(form.cleaned_data["comment"]) == MAX_COMMENT_LENGTH


def test_the_service_refuses_a_long_comment_and_stores_nothing(assessment, member):
    with pytest.raises(services.AssessmentError, match="10,001 characters"):
        services.answer_record(
            assessment=assessment, respondent=member, area_key="people", level=1, comment=TOO_LONG
        )
    assert not Answer.objects.exists()

    services.answer_record(
        assessment=assessment, respondent=member, area_key="people", level=1, comment="Kept"
    )
    with pytest.raises(services.AssessmentError, match="nothing was saved"):
        services.answer_record(
            assessment=assessment, respondent=member, area_key="people", level=2, comment=TOO_LONG
        )
    answer = Answer.objects.get()
    assert (answer.level, answer.comment, answer.revision) == (1, "Kept", 1)


def test_an_autosave_with_a_long_comment_is_refused_beside_the_field(
    client_for, assessment, member
):
    response = post_answer(
        client_for(member), assessment, htmx=True, level=1, comment=TOO_LONG, revision=0
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert '<div id="comment-errors"' in body and REFUSED in body
    assert TOO_LONG not in body  # the typed text stays in the page as it is, not re-sent
    assert not Answer.objects.exists()


def test_the_answering_page_shows_the_limit_and_does_not_cut(client_for, assessment, member):
    page = client_for(member).get(url("answer_area", assessment, "people")).content.decode()

    assert "At most 10,000 characters." in page
    assert 'data-limit="10000"' in page
    assert "maxlength" not in page.split('id="id_comment"')[1].split(">")[0]


def _answered_long(assessment, member):
    services.answer_record(
        assessment=assessment, respondent=member, area_key="people", level=1, comment=LONG
    )


def test_the_results_page_folds_a_long_comment(client_for, assessment, member):
    _answered_long(assessment, member)

    page = client_for(member).get(url("detail", assessment)).content.decode()

    head, folded = page.split('<details class="folded"><summary>more</summary>', 1)
    assert "Start of a long comment." in head and "The end." not in head
    assert "The end." in folded.split("</details>")[0]


def test_the_facilitation_page_folds_a_long_comment(client_for, assessment, member, manager):
    _answered_long(assessment, member)

    page = client_for(manager).get(url("agree", assessment, "people")).content.decode()

    assert '<details class="folded"><summary>more</summary>' in page
    assert page.count("The end.") == 1


def test_short_comments_are_not_folded(client_for, assessment, member):
    services.answer_record(
        assessment=assessment, respondent=member, area_key="people", level=1, comment="Short"
    )

    page = client_for(member).get(url("detail", assessment)).content.decode()

    assert "Short" in page and '<details class="folded">' not in page


def test_the_pdf_shortens_a_long_comment_and_has_it_in_full_in_an_appendix(
    assessment, member, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    _answered_long(assessment, member)
    report = Report(
        kind="assessment",
        assessment=assessment,
        organisation=assessment.team.organisation,
        language="en",
    )

    pages = PdfReader(io.BytesIO(report_pdf.build_pdf(report))).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)

    body, appendix = text.split("Appendix: comments in full", 1)
    assert "Start of a long comment." in body and "see appendix A1" in body
    assert "The end." not in body
    assert "A1 · People" in appendix
    assert "Start of a long comment." in appendix and "The end." in appendix
    assert " ".join(LONG.split()) in appendix
