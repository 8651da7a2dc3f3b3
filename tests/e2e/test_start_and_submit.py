"""Starting, continuing and submitting an assessment, in English and German: the start form's
date is ISO and accepted at once, a double click on Start makes one assessment, the team's
page then leads to it, and Submit asks once, listing what is unresolved, by keyboard."""

import re
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import expect

from accounts.models import Organisation, User
from assessments import services
from assessments.models import Assessment
from maturity.models import MaturityModel
from tests.answers import answer_everything

DEMO_PASSWORD = "demo-password"
DANA = "data.scientist@demo.example"
MIA = "mia@demo.example"  # in Computer Vision, the demo team outside its current round
ERIK = "engineer@demo.example"
MANAGER = "manager@demo.example"
LOCALES = {"en": "en-GB", "de": "de-DE"}


@pytest.fixture
def demo(transactional_db):
    call_command("load_models", verbosity=0)
    call_command("seed_demo", verbosity=0)


@pytest.fixture(params=sorted(LOCALES))
def language(request):
    return request.param


@pytest.fixture
def page_in(browser, language, live_server):
    context = browser.new_context(locale=LOCALES[language])
    page = context.new_page()
    yield page
    context.close()


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_start_at_once_double_click_and_continue(page_in, live_server, demo, language, axe):
    page = page_in
    team_url = f"{live_server.url}/o/demo/teams/vision/"
    # The MLOps model alone: with the second shipped model in use too, Start rightly stays
    # offered (for that model) while the MLOps assessment is open.
    demo_organisation = Organisation.objects.get(slug="demo")
    demo_organisation.models_in_use.set(MaturityModel.objects.filter(slug="mlops"))
    log_in(page, live_server, MIA)
    page.goto(team_url)
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.locator("main a[href$='/assessments/new/']").first.click()

    day = page.locator("#id_date")
    expect(day).to_have_value(date.today().isoformat())  # a date input shows only ISO values
    axe(page)
    page.dblclick("main form button[type=submit]")  # two requests, one assessment
    expect(page).to_have_url(re.compile(r"/answer/"))

    (started,) = Assessment.objects.filter(team__slug="vision", state="draft")
    answer_url = f"/assessments/{started.pk}/answer/"
    expect(page).to_have_url(re.compile(re.escape(answer_url)))

    # The team's page now leads to the open assessment, and offers no second start.
    page.goto(team_url)
    header = page.locator("main .d-flex").first
    expect(header.locator(f"a.btn-primary[href$='{answer_url}']")).to_contain_text(started.label)
    expect(page.locator("main a[href$='/assessments/new/']")).to_have_count(0)
    axe(page)

    # Starting it again by its address leads to the same one.
    page.goto(f"{team_url}assessments/new/")
    expect(page.locator(f"main .alert a[href$='{answer_url}']")).to_be_visible()
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(answer_url)))
    assert Assessment.objects.filter(team__slug="vision").exclude(state="submitted").count() == 1


def test_submit_asks_once_listing_what_is_unresolved(page_in, live_server, demo, language, axe):
    page = page_in
    assessment = Assessment.objects.get(state="in_progress", team__slug="fraud-ml")
    dana, erik = User.objects.get(email=DANA), User.objects.get(email=ERIK)
    answer_everything(assessment, dana, level=1)
    services.answer_record(assessment=assessment, respondent=erik, area_key="people", level=3)
    with translation.override(language):
        people = assessment.model.areas.get(key="people").name
    url = f"{live_server.url}/o/demo/teams/fraud-ml/assessments/{assessment.pk}/"
    log_in(page, live_server, MANAGER)
    page.goto(url)

    # By keyboard: the link to the question, then its button.
    page.locator(f"main a[href$='/assessments/{assessment.pk}/submit/']").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/submit/$"))
    expect(page.locator("#disagreements + p + ul")).to_have_text(people)
    unfinished = page.locator("#unfinished + ul li")
    expect(unfinished).to_have_count(2)  # Dana answered every area
    expect(unfinished.filter(has_text="Erik Engineer")).to_contain_text(re.compile(r": 3\b"))
    axe(page)
    assessment.refresh_from_db()
    assert not assessment.is_submitted  # asking changed nothing

    page.locator("main form button[type=submit]").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"/assessments/{assessment.pk}/$"))
    expect(page.locator("main .alert-success")).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.is_submitted
