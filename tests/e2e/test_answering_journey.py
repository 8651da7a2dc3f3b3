"""The answering journey in German: two respondents answer, disagree, a manager agrees and
submits; and one area answered with the keyboard alone."""

import re
from urllib.parse import parse_qs

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from assessments.models import AgreedAnswer, Answer, Assessment
from tests.e2e.conftest import LOCALES, level_label, level_radio, translated

DEMO_PASSWORD = "demo-password"
DANA = "data.scientist@demo.example"
ERIK = "engineer@demo.example"
MANAGER = "manager@demo.example"


@pytest.fixture
def demo(transactional_db):
    call_command("load_models", verbosity=0)
    call_command("seed_demo", verbosity=0)


@pytest.fixture
def in_progress(demo):
    return Assessment.objects.get(state="in_progress", team__slug="fraud-ml")


@pytest.fixture(params=LOCALES)
def locale(request):
    return request.param


@pytest.fixture
def german(browser, locale):
    """Pages in contexts of their own (one per person), as a browser speaking `locale`
    (German and English; the fixture's name is older than the English run)."""
    contexts = []

    def new_page():
        context = browser.new_context(locale=locale)
        contexts.append(context)
        return context.new_page()

    yield new_page
    for context in contexts:
        context.close()


def overall_pattern(locale, level):
    """The results page's overall line ("Overall: score 2.3, level 2 (…)") in `locale`."""
    text = re.escape(translated(locale, "Overall: score %(score)s, level %(level)s (%(name)s)"))
    return re.compile(
        text.replace(re.escape("%(score)s"), r"\d+[.,]\d")
        .replace(re.escape("%(level)s"), str(level))
        .replace(re.escape("%(name)s"), ".+")
    )


def assessment_url(live_server, assessment):
    return f"{live_server.url}/o/demo/teams/fraud-ml/assessments/{assessment.pk}/"


def area_keys(assessment):
    return list(assessment.model.areas.order_by("position").values_list("key", flat=True))


def is_autosave(response):
    return response.request.method == "POST" and "/answer/" in response.url


def autosaved(page, action, comment=None):
    """Do `action` and wait until its autosave has come back and says "Saved" (in the
    page's language)."""

    def matches(response):
        if not is_autosave(response):
            return False
        if comment is None:
            return True
        return parse_qs(response.request.post_data or "").get("comment") == [comment]

    with page.expect_response(matches) as info:
        action()
    assert info.value.status == 200, info.value.text()
    # "Saving…" replaces the status while the request runs; the answer swaps it back.
    language = page.locator("html").get_attribute("lang")
    expect(page.locator("#save-status")).to_contain_text(translated(language, "Saved"))


# Levels that add nothing new are one choice with the level below, stored as its first level
# (DESIGN.md): People 0–1, Model creation 2–3, Application integration 1–2 in the seed.
JOINED = {"people": (0, 1), "model-creation": (2, 3), "application-integration": (1, 2)}


def stored(key, level):
    """The level stored when `level` is chosen in area `key`."""
    joined = JOINED.get(key, ())
    return joined[0] if level in joined else level


def open_area(page, index, key):
    page.locator("#steps a").nth(index).click()
    expect(page).to_have_url(re.compile(f"/answer/{key}/$"))
    expect(page.locator("#answer-form")).to_be_visible()


def answer_area(page, level, comment=None, tick=False):
    radio = page.locator(level_radio(level))
    if not radio.is_checked():
        autosaved(page, lambda: page.click(level_label(level)))
    expect(radio).to_be_checked()
    ticked = None
    checkboxes = page.locator("#checklist input[name=ticked]")
    if tick and checkboxes.count():
        ticked = checkboxes.first.get_attribute("id")
        autosaved(page, lambda: checkboxes.first.check())
        expect(page.locator(f"[id='{ticked}']")).to_be_checked()
    if comment is not None:
        autosaved(page, lambda: page.fill("#id_comment", comment), comment=comment)
    return ticked


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    expect(page).not_to_have_url(re.compile("/accounts/login/"))


def focused(page, selector):
    return page.evaluate("(selector) => document.activeElement.matches(selector)", selector)


def focus_outline(page):
    return page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")


def test_answer_reload_disagree_agree_submit(live_server, in_progress, german, axe, locale):
    url = assessment_url(live_server, in_progress)
    keys = area_keys(in_progress)
    assert len(keys) == 5

    # Dana: level 1 everywhere, the first new characteristic ticked, a comment per area.
    dana = german()
    log_in(dana, live_server, DANA)
    dana.goto(f"{url}answer/")
    expect(dana).to_have_url(re.compile(f"/answer/{keys[0]}/$"))
    expect(dana.locator("html")).to_have_attribute("lang", locale[:2])
    dana_ticks = {}
    for index, key in enumerate(keys):
        if index:
            open_area(dana, index, key)
        dana_ticks[key] = answer_area(
            dana, 1, comment=f"Dana über {key}: größtenteils manuell", tick=True
        )
        if index == 0:
            axe(dana)
        if index == 1:
            # Reloading loses nothing: this area, and the one before it.
            dana.reload()
            expect(dana.locator(level_radio(1))).to_be_checked()
            expect(dana.locator("#id_comment")).to_have_value(
                f"Dana über {key}: größtenteils manuell"
            )
            dana.locator("#steps a").nth(0).click()
            expect(dana).to_have_url(re.compile(f"/answer/{keys[0]}/$"))
            expect(dana.locator(level_radio(1))).to_be_checked()
            if dana_ticks[keys[0]]:
                expect(dana.locator(f"[id='{dana_ticks[keys[0]]}']")).to_be_checked()
            expect(dana.locator("#id_comment")).to_have_value(
                f"Dana über {keys[0]}: größtenteils manuell"
            )
            expect(dana.locator("#save-status")).to_contain_text(translated(locale, "Saved"))
            open_area(dana, 1, keys[1])
            expect(dana.locator(level_radio(1))).to_be_checked()
            if dana_ticks[keys[1]]:
                expect(dana.locator(f"[id='{dana_ticks[keys[1]]}']")).to_be_checked()
    axe(dana)
    mine = {
        a.area.key: a for a in Answer.objects.filter(assessment=in_progress, respondent__email=DANA)
    }
    assert sorted(mine) == sorted(keys)
    for key, answer in mine.items():
        assert answer.level == stored(key, 1)
        assert answer.comment == f"Dana über {key}: größtenteils manuell"
        assert answer.ticked == ([dana_ticks[key].removeprefix("tick-")] if dana_ticks[key] else [])

    # Erik: level 3 everywhere (he had already begun three areas at other levels).
    erik = german()
    log_in(erik, live_server, ERIK)
    erik.goto(f"{url}answer/")
    expect(erik.locator("#answer-form")).to_be_visible()
    for index, key in enumerate(keys):
        open_area(erik, index, key)
        answer_area(erik, 3)
    assert set(
        Answer.objects.filter(assessment=in_progress, respondent__email=ERIK).values_list(
            "area__key", "level"
        )
    ) == {(key, stored(key, 3)) for key in keys}

    # The manager sees the disagreements, agrees level 2 everywhere and submits.
    manager = german()
    log_in(manager, live_server, MANAGER)
    manager.goto(f"{url}facilitate/")
    warnings = manager.locator("tbody tr.table-warning")
    expect(warnings.first).to_be_visible()
    expect(warnings.first.locator(".badge")).to_have_text(translated(locale, "disagreement"))
    axe(manager)
    for key in keys:
        manager.locator(f"a[href$='/facilitate/{key}/']").click()
        expect(manager).to_have_url(re.compile(f"/facilitate/{key}/$"))
        agreed = manager.locator(level_radio(2))
        if not agreed.is_checked():  # the respondents' median may be that choice already
            with manager.expect_response(lambda r, key=key: f"level={stored(key, 2)}" in r.url):
                agreed.check()
        manager.click("main form button[type=submit].btn-primary")
        expect(manager).to_have_url(re.compile("/facilitate/$"))
        expect(manager.locator("main .alert-success")).to_contain_text(
            translated(locale, "agreed answer")
        )
    assert set(
        AgreedAnswer.objects.filter(assessment=in_progress).values_list("area__key", "level")
    ) == {(key, stored(key, 2)) for key in keys}
    expect(manager.locator("tbody")).to_contain_text(translated(locale, "agreed"))
    axe(manager)

    manager.click("main a[href$='/submit/']")  # Submit asks once
    expect(manager).to_have_url(re.compile("/submit/$"))
    axe(manager)
    manager.click("main form button[type=submit]")
    expect(manager).to_have_url(re.compile(f"/assessments/{in_progress.pk}/$"))
    expect(manager.locator("main .alert-success")).to_contain_text(
        translated(locale, "The assessment is submitted and locked.")
    )
    expect(manager.locator("#summary")).to_have_text(translated(locale, "Where the team stands"))
    expect(manager.locator("section[aria-labelledby=summary]")).to_contain_text(
        overall_pattern(locale, level=2)
    )
    expect(manager.locator("section[aria-labelledby=roadmap]")).to_be_visible()
    expect(manager.locator("#roadmap")).to_have_text(
        translated(locale, "Roadmap to the next level")
    )
    axe(manager)
    in_progress.refresh_from_db()
    assert in_progress.is_submitted


def test_answering_an_area_with_the_keyboard_alone(live_server, in_progress, german):
    url = assessment_url(live_server, in_progress)
    page = german()
    log_in(page, live_server, DANA)
    page.goto(f"{url}answer/")
    expect(page).to_have_url(re.compile("/answer/[-a-z]+/$"))

    page.focus(level_radio(0))
    # People's levels 0 and 1 are one choice (level 1 adds nothing new): the next is 2.
    autosaved(page, lambda: page.keyboard.press("ArrowRight"))
    expect(page.locator(level_radio(2))).to_be_checked()
    expect(page.locator(level_radio(2))).to_be_focused()
    assert focus_outline(page) != "none", "the focused level has no visible focus"

    # Tab out of the radio group into the checklist that the save has brought.
    expect(page.locator("#checklist input[name=ticked]").first).to_be_visible()
    for _ in range(20):
        page.keyboard.press("Tab")
        if focused(page, "#checklist input[type=checkbox]"):
            break
    else:
        pytest.fail("Tab never reached the checklist")
    checkbox_id = page.evaluate("() => document.activeElement.id")
    assert focus_outline(page) != "none", "the focused checkbox has no visible focus"

    autosaved(page, lambda: page.keyboard.press("Space"))
    expect(page.locator(f"[id='{checkbox_id}']")).to_be_checked()

    page.reload()
    expect(page.locator(level_radio(2))).to_be_checked()
    expect(page.locator(f"[id='{checkbox_id}']")).to_be_checked()
