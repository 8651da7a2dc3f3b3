"""A refused save keeps the answering page and everything typed: the errors stand beside
their fields (aria-invalid, aria-describedby), only the status and error regions change and
the last good answer stays stored; with or without JavaScript, in English and German. The
comment's counter shows its limit while typing; a longer comment is refused, never cut."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from assessments.models import Answer, Assessment
from assessments.services import MAX_COMMENT_LENGTH
from tests.e2e.conftest import level_label, level_radio

DANA = "data.scientist@demo.example"
COMMENT = "Typed before choosing a level; it must survive the refusal."
GOOD_LINK = "https://ci.example.com/pipeline"
TOO_LONG = "x" * (MAX_COMMENT_LENGTH + 1)


@pytest.fixture
def area_page(transactional_db, live_server):
    call_command("load_models", verbosity=0)
    call_command("seed_demo", verbosity=0)
    assessment = Assessment.objects.get(state="in_progress", team__slug="fraud-ml")
    answered = set(
        Answer.objects.filter(assessment=assessment, respondent__email=DANA).values_list(
            "area__key", flat=True
        )
    )
    area = next(
        key
        for key in assessment.model.areas.order_by("position").values_list("key", flat=True)
        if key not in answered
    )
    url = f"{live_server.url}/o/demo/teams/fraud-ml/assessments/{assessment.pk}/answer/{area}/"
    return assessment, area, url


def stored(assessment, area):
    return Answer.objects.filter(
        assessment=assessment, area__key=area, respondent__email=DANA
    ).first()


def is_autosave(response):
    return response.request.method == "POST" and "/answer/" in response.url


def expect_page_intact(page):
    """Still the whole, styled answering page: not replaced by a fragment."""
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("nav.navbar")).to_be_visible()
    expect(page.locator("#answer-form")).to_be_visible()
    assert page.evaluate("() => document.styleSheets.length") > 0


def test_refused_autosaves_show_errors_beside_the_fields_and_keep_the_typing(
    page, area_page, log_in, axe
):
    assessment, area, url = area_page
    log_in(page, DANA, "demo-password")
    page.goto(url)
    expect(page.locator("#answer-form")).to_be_visible()

    with page.expect_response(is_autosave) as refused:
        page.fill("#id_comment", COMMENT)
    assert refused.value.status == 400
    expect(page.locator("#level-errors")).to_contain_text("Choose a level first")
    expect(page.locator("#save-status")).to_contain_text("Not saved")
    expect(page.locator(level_radio(2))).to_have_attribute("aria-invalid", "true")
    expect(page.locator("fieldset[aria-describedby=level-errors]")).to_have_count(1)
    expect(page.locator("#id_comment")).to_have_value(COMMENT)
    expect_page_intact(page)
    assert stored(assessment, area) is None

    with page.expect_response(is_autosave) as saved:
        page.click(level_label(2))
    assert saved.value.status == 200
    expect(page.locator("#level-errors")).to_be_empty()
    expect(page.locator(level_radio(2))).not_to_have_attribute("aria-invalid", "true")
    good = stored(assessment, area)
    assert (good.level, good.comment, good.evidence) == (2, COMMENT, [])

    with page.expect_response(is_autosave) as refused:
        page.fill("#id_evidence", f"{GOOD_LINK}\nnot a link")
    assert refused.value.status == 400
    errors = page.locator("#evidence-errors")
    expect(errors).to_contain_text("“not a link” is not a web address")
    evidence = page.locator("#id_evidence")
    expect(evidence).to_have_attribute("aria-invalid", "true")
    expect(evidence).to_have_attribute("aria-describedby", re.compile(r"\bevidence-errors\b"))
    expect(evidence).to_have_value(f"{GOOD_LINK}\nnot a link")
    expect(page.locator("#id_comment")).to_have_value(COMMENT)
    expect(page.locator(level_radio(2))).to_be_checked()
    expect_page_intact(page)
    axe(page)
    unchanged = stored(assessment, area)
    assert (unchanged.evidence, unchanged.revision) == ([], good.revision)

    with page.expect_response(is_autosave) as saved:
        page.fill("#id_evidence", GOOD_LINK)
    assert saved.value.status == 200
    expect(errors).to_be_empty()
    expect(evidence).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#save-status")).to_contain_text("Saved")
    assert stored(assessment, area).evidence == [GOOD_LINK]


def test_a_refused_autosave_in_german(browser, area_page, log_in):
    assessment, area, url = area_page
    page = browser.new_context(locale="de-DE").new_page()
    log_in(page, DANA, "demo-password")
    page.goto(url)
    page.click(level_label(1))
    expect(page.locator("#save-status")).to_contain_text("Gespeichert")
    with page.expect_response(is_autosave) as refused:
        page.fill("#id_evidence", "keine Adresse")
    assert refused.value.status == 400
    expect(page.locator("#evidence-errors")).to_contain_text("„keine Adresse“ ist keine Webadresse")
    expect(page.locator("#save-status")).to_contain_text("Nicht gespeichert")
    expect(page.locator("#id_evidence")).to_have_value("keine Adresse")
    expect_page_intact(page)
    assert stored(assessment, area).evidence == []


@pytest.mark.parametrize(
    ("locale", "message"),
    [
        ("en-GB", "“not a link” is not a web address"),
        ("de-DE", "„not a link“ ist keine Webadresse"),
    ],
)
def test_without_javascript_a_refused_post_comes_back_with_everything_kept(
    browser, area_page, log_in, locale, message
):
    assessment, area, url = area_page
    page = browser.new_context(java_script_enabled=False, locale=locale).new_page()
    log_in(page, DANA, "demo-password")
    page.goto(url)
    page.check(level_radio(3))
    page.fill("#id_comment", COMMENT)
    page.fill("#id_evidence", f"{GOOD_LINK}\nnot a link")
    with page.expect_response(is_autosave) as refused:
        page.click("button[name=save]")
    assert refused.value.status == 400

    expect(page.locator(level_radio(3))).to_be_checked()
    expect(page.locator("#id_comment")).to_have_value(COMMENT)
    evidence = page.locator("#id_evidence")
    expect(evidence).to_have_value(f"{GOOD_LINK}\nnot a link")
    expect(page.locator("#evidence-errors")).to_contain_text(message)
    expect(evidence).to_have_attribute("aria-invalid", "true")
    expect(evidence).to_have_attribute("aria-describedby", re.compile(r"\bevidence-errors\b"))
    expect_page_intact(page)
    assert stored(assessment, area) is None

    page.fill("#id_evidence", GOOD_LINK)
    page.click("button[name=save]")
    expect(page.locator("#evidence-errors")).to_be_empty()
    answer = stored(assessment, area)
    assert (answer.level, answer.comment, answer.evidence) == (3, COMMENT, [GOOD_LINK])


@pytest.mark.parametrize(
    ("locale", "short", "long"),
    [("en-GB", "3 of 10,000", "10,001 of 10,000"), ("de-DE", "3 von 10.000", "10.001 von 10.000")],
)
def test_the_counter_shows_the_limit_and_a_long_comment_is_refused_not_cut(
    browser, area_page, log_in, locale, short, long
):
    assessment, area, url = area_page
    page = browser.new_context(locale=locale).new_page()
    log_in(page, DANA, "demo-password")
    page.goto(url)
    counter = page.locator("#comment-count")
    expect(counter).to_contain_text(re.compile(r"^0 "))
    expect(page.locator("#id_comment")).to_have_attribute(
        "aria-describedby", re.compile(r"\bcomment-count\b")
    )
    page.click(level_label(1))
    expect(page.locator("#save-status")).to_contain_text(re.compile("Saved|Gespeichert"))

    with page.expect_response(lambda r: is_autosave(r) and r.status == 200):
        page.fill("#id_comment", "a\nb")  # a line break counts as one, as on the server
    expect(counter).to_contain_text(short.split(" ")[0] + " ")
    if locale == "en-GB":  # the German words come with the catalogue
        expect(counter).to_have_text("3 of 10,000 characters")

    with page.expect_response(lambda r: is_autosave(r) and r.status == 400):
        page.fill("#id_comment", TOO_LONG)
    expect(counter).to_contain_text(long.split(" ")[0])
    expect(counter).to_contain_text(long.split(" ")[-1])
    expect(counter).to_have_class(re.compile(r"\btext-danger\b"))
    expect(page.locator("#comment-errors")).to_contain_text(re.compile("10[,.]001"))
    expect(page.locator("#id_comment")).to_have_attribute("aria-invalid", "true")
    assert len(page.locator("#id_comment").input_value()) == MAX_COMMENT_LENGTH + 1
    assert stored(assessment, area).comment == "a\nb"
