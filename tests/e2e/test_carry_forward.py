"""Carried forward in the browser: a respondent opens a new assessment, sees last quarter's
answer preselected and marked "From 2026 Q3 — still true?", nothing is saved on load,
confirms with one click (and the next area with the keyboard alone), and changes a third
area, which autosaves as usual; without JavaScript the confirmation works the same."""

import re
from datetime import date

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from assessments import selectors, services
from assessments.carry import carried_answers
from assessments.models import Answer
from maturity.models import MaturityModel
from tests.e2e.conftest import LOCALES, level_label, level_radio, translated
from tests.factories import MembershipFactory, OrganisationFactory, TeamFactory, UserFactory

LINK = "https://ci.example/pipelines/42"
KEYS = ["people", "model-creation", "model-release", "application-integration", "technology"]


@pytest.fixture
def carried(transactional_db):
    """Bob answered 2026 Q3 (model creation with ticks and a link) and it was submitted;
    2026 Q4 carries it forward."""
    call_command("load_models", verbosity=0)
    model = MaturityModel.objects.get(slug="mlops", version="1")
    organisation = OrganisationFactory(name="Acme", slug="acme")
    organisation.models_in_use.add(model)
    team = TeamFactory(organisation=organisation, name="Fraud ML", slug="fraud-ml")
    bob = UserFactory(email="bob@acme.example", name="Bob")
    MembershipFactory(user=bob, organisation=organisation, role="member", teams=[team])
    mona = UserFactory(email="mona@acme.example")
    MembershipFactory(user=mona, organisation=organisation, role="manager")
    last = services.assessment_start(
        team=team, model=model, label="2026 Q3", date=date(2026, 8, 14), by=mona
    )
    for key in KEYS:
        services.answer_record(
            assessment=last,
            respondent=bob,
            area_key=key,
            level=1 if key == "model-creation" else 2,
            ticked=["model-creation.2.2", "model-creation.2.3"] if key == "model-creation" else [],
            evidence=[LINK] if key == "model-creation" else [],
        )
    services.assessment_submit(assessment=last, by=mona)
    new = services.assessment_start(
        team=team, model=model, label="2026 Q4", date=date(2026, 11, 20), by=mona
    )
    display = selectors.ModelDisplay.of(model)
    return new, bob, carried_answers(new, bob, display)


def mine(assessment, person):
    return {
        a.area.key: a
        for a in Answer.objects.filter(assessment=assessment, respondent=person).select_related(
            "area"
        )
    }


def is_save(request):
    return request.method == "POST" and "/answer/" in request.url


def marker(locale):
    return translated(locale, "From %(label)s — still true?") % {"label": "2026 Q3"}


def confirm_button(page, locale):
    return page.get_by_role("button", name=translated(locale, "Still true — confirm"))


@pytest.mark.parametrize("locale", LOCALES)
def test_confirm_two_areas_one_by_keyboard_and_change_a_third(
    browser, live_server, log_in, axe, carried, locale
):
    assessment, bob, values = carried
    page = browser.new_context(locale=locale).new_page()
    saves = []
    page.on("request", lambda request: saves.append(request.url) if is_save(request) else None)
    log_in(page, bob.email)

    # Continue answering: the first area, last quarter's answer preselected and marked.
    page.goto(f"{live_server.url}/o/acme/teams/fraud-ml/assessments/{assessment.pk}/answer/")
    expect(page).to_have_url(re.compile("/answer/people/$"))
    expect(page.locator("#carried")).to_contain_text(marker(locale))
    expect(page.locator("#carried")).to_contain_text(
        translated(locale, "Your answer from %(label)s is preselected below.")
        % {"label": "2026 Q3"}
    )
    expect(page.locator(level_radio(values["people"].level))).to_be_checked()
    expect(page.locator("#steps .badge")).to_have_count(5)  # every area waits
    axe(page)
    # Nothing is saved on load, not even after the autosave's delays.
    page.wait_for_timeout(1500)
    assert saves == [] and mine(assessment, bob) == {}

    # One click: saved as this quarter's answer, on to the next area.
    confirm_button(page, locale).click()
    expect(page).to_have_url(re.compile("/answer/model-creation/$"))
    expect(page.locator("#steps a").nth(0)).to_contain_text("✓")
    expect(page.locator("#steps .badge")).to_have_count(4)

    # Model creation: ticks and the link preselected; confirmed with the keyboard alone.
    expect(page.locator("#carried")).to_contain_text(marker(locale))
    expect(page.locator(level_radio(1))).to_be_checked()
    for key in values["model-creation"].ticked:
        expect(page.locator(f"[id='tick-{key}']")).to_be_checked()
    expect(page.locator("#id_evidence")).to_have_value(LINK)
    page.locator(level_radio(1)).focus()
    page.keyboard.press("Shift+Tab")  # the confirmation comes just before the levels
    expect(confirm_button(page, locale)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/answer/model-release/$"))

    # Model release: a change is saved as usual, and the marker goes.
    expect(page.locator("#carried")).to_contain_text(marker(locale))
    with page.expect_response(lambda r: r.request.method == "POST") as saved:
        page.click(level_label(3))
    assert saved.value.status == 200
    expect(page.locator("#save-status")).to_contain_text(translated(locale, "Saved"))
    expect(page.locator("#carried")).to_be_empty()
    expect(page.locator("#steps .badge")).to_have_count(2)

    answers = mine(assessment, bob)
    assert sorted(answers) == ["model-creation", "model-release", "people"]
    for key in ("people", "model-creation"):
        answer = answers[key]
        assert (answer.level, frozenset(answer.ticked), tuple(answer.evidence)) == (
            values[key].level,
            values[key].ticked,
            values[key].evidence,
        )
        assert answer.comment == "" and answer.revision == 1
    assert answers["model-release"].level == 3
    # The confirmations were plain posts; the change, one autosave.
    assert len(saves) == 3


def test_without_javascript_confirming_saves_the_carried_answer(
    browser, live_server, log_in, carried
):
    assessment, bob, values = carried
    page = browser.new_context(java_script_enabled=False, locale="en-GB").new_page()
    log_in(page, bob.email)
    page.goto(
        f"{live_server.url}/o/acme/teams/fraud-ml/assessments/{assessment.pk}"
        "/answer/model-creation/"
    )
    expect(page.locator("#carried")).to_contain_text(marker("en-GB"))

    confirm_button(page, "en-GB").click()

    expect(page).to_have_url(re.compile("/answer/model-release/$"))
    expect(page.locator(".alert-success")).to_contain_text("confirmed")
    answer = mine(assessment, bob)["model-creation"]
    assert (answer.level, frozenset(answer.ticked), tuple(answer.evidence)) == (
        1,
        values["model-creation"].ticked,
        (LINK,),
    )
