"""One person, two tabs of the same area: the tab that saves second, on the answer it loaded
before the other tab's save, is told so and overwrites nothing; and saves made quickly in one
tab follow each other's revisions instead of conflicting with themselves."""

import re
from urllib.parse import parse_qs

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from assessments import services
from assessments.models import Answer, Assessment

DANA = "data.scientist@demo.example"
TYPED = "Typed while the first save was on its way"
CONFLICT = re.compile(r"Changed in another tab or window at \d[^—]* — reload to see it")


@pytest.fixture
def area_page(transactional_db, live_server):
    call_command("load_models", verbosity=0)
    call_command("seed_demo", verbosity=0)
    assessment = Assessment.objects.get(state="in_progress", team__slug="fraud-ml")
    area = assessment.model.areas.order_by("position").first().key
    dana = User.objects.get(email=DANA)
    services.answer_record(
        assessment=assessment, respondent=dana, area_key=area, level=1, comment="Before"
    )
    url = f"{live_server.url}/o/demo/teams/fraud-ml/assessments/{assessment.pk}/answer/{area}/"
    return assessment, area, url


def stored(assessment, area):
    return Answer.objects.get(assessment=assessment, area__key=area, respondent__email=DANA)


def sent(response):
    return parse_qs(response.request.post_data or "")


def is_autosave(response):
    return response.request.method == "POST" and "/answer/" in response.url


def test_a_stale_tab_is_told_and_the_other_tabs_save_is_kept(context, area_page, log_in):
    assessment, area, url = area_page
    tab_a = log_in(context.new_page(), DANA, "demo-password")
    tab_b = context.new_page()  # the same person, the same session
    for tab in (tab_a, tab_b):
        tab.goto(url)
        expect(tab.locator("#answer-form")).to_be_visible()

    with tab_a.expect_response(is_autosave) as saved:
        tab_a.click("label[for=level-2]")
    assert saved.value.status == 200
    with tab_a.expect_response(is_autosave) as saved:
        tab_a.fill("#id_comment", "Written in tab A")
    assert saved.value.status == 200
    expect(tab_a.locator("#save-status")).to_contain_text("Saved")

    with tab_b.expect_response(is_autosave) as refused:
        tab_b.fill("#id_comment", "Written in tab B, which still shows the old answer")
    assert refused.value.status == 409

    expect(tab_b.locator("#save-status")).to_contain_text(CONFLICT)
    expect(tab_b.locator("#id_comment")).to_have_value(
        "Written in tab B, which still shows the old answer"
    )
    answer = stored(assessment, area)
    assert (answer.level, answer.comment) == (2, "Written in tab A")

    # Typing on in tab B is refused too; after a reload it shows tab A's answer and saves.
    with tab_b.expect_response(is_autosave) as refused:
        tab_b.click("label[for=level-4]")
    assert refused.value.status == 409
    assert stored(assessment, area).level == 2
    tab_b.reload()
    expect(tab_b.locator("#id_comment")).to_have_value("Written in tab A")
    expect(tab_b.locator("#level-2")).to_be_checked()
    with tab_b.expect_response(is_autosave) as saved:
        tab_b.fill("#id_comment", "Tab B, after reloading")
    assert saved.value.status == 200
    assert stored(assessment, area).comment == "Tab B, after reloading"


def test_saves_queued_in_one_tab_follow_each_others_revisions(page, area_page, log_in):
    assessment, area, url = area_page
    log_in(page, DANA, "demo-password")
    page.goto(url)
    expect(page.locator("#answer-form")).to_be_visible()
    first_revision = stored(assessment, area).revision
    held = []

    def hold_the_first_save(route):
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route(re.compile(r".*/answer/.*"), hold_the_first_save)
    page.click("label[for=level-2]")  # a save that stays in flight ...
    page.wait_for_timeout(600)
    assert len(held) == 1
    page.fill("#id_comment", TYPED)
    page.wait_for_timeout(1500)  # ... while this one waits in the queue behind it
    assert stored(assessment, area).level == 1
    with page.expect_response(
        lambda r: is_autosave(r) and sent(r)["comment"][0] == TYPED
    ) as second:
        held[0].continue_()

    assert sent(second.value)["revision"] == [str(first_revision + 1)]

    assert second.value.status == 200
    expect(page.locator("#save-status")).to_contain_text("Saved")
    answer = stored(assessment, area)
    assert (answer.level, answer.comment, answer.revision) == (2, TYPED, first_revision + 2)
