"""Issue 16, "Done when": a manager opens a round for three teams; two respondents follow the
e-mailed link and answer (one confirming last quarter's answers carried forward); one team is
reminded; at the deadline (the clock moved on) the complete assessments are submitted and the
late team is listed. In the anonymous variant no respondent's name appears on the pages."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from assessments import services
from assessments.models import Assessment
from maturity.models import MaturityModel
from rounds.models import Entry, Round
from tests.e2e.conftest import level_label
from tests.factories import MembershipFactory, OrganisationFactory, TeamFactory, UserFactory

LINK = re.compile(r"https?://\S+/answer/")
AREAS = ["people", "model-creation", "model-release", "application-integration", "technology"]
RESPONDENTS = {"bob": "Bob Builder", "dora": "Dora Datawise", "sam": "Sam Searchwell"}


@pytest.fixture
def world(transactional_db):
    call_command("load_models", verbosity=0)
    model = MaturityModel.objects.get(slug="mlops", version="1")
    organisation = OrganisationFactory(name="Acme", slug="acme")
    organisation.models_in_use.add(model)
    fraud = TeamFactory(organisation=organisation, name="Fraud ML", slug="fraud-ml")
    search = TeamFactory(organisation=organisation, name="Search", slug="search")
    pricing = TeamFactory(organisation=organisation, name="Pricing", slug="pricing")
    people = {}
    for key, team in [("bob", fraud), ("dora", fraud), ("sam", search), ("pia", pricing)]:
        people[key] = UserFactory(email=f"{key}@acme.example", name=RESPONDENTS.get(key, "Pia"))
        MembershipFactory(user=people[key], organisation=organisation, teams=[team])
    mona = UserFactory(email="mona@acme.example", name="Mona Manager")
    MembershipFactory(user=mona, organisation=organisation, role="manager")
    # Last quarter Bob answered for Fraud ML: this round starts from it.
    last = services.assessment_start(
        team=fraud, model=model, label="2026 Q3", date=datetime.date(2026, 9, 1), by=mona
    )
    for key in AREAS:
        services.answer_record(
            assessment=last, respondent=people["bob"], area_key=key, level=2, comment=f"{key}!"
        )
    services.assessment_submit(assessment=last, by=mona)
    return people, mona


def follow_the_link(browser, live_server, log_in, person):
    [message] = [m for m in mail.outbox if m.to == [person.email]]
    link = LINK.search(message.body).group(0)
    assert link.startswith(live_server.url)
    page = browser.new_context(locale="en-GB").new_page()
    page.goto(link)  # not logged in: the log-in page, then straight on to the answering page
    page.fill("#id_username", person.email)
    page.fill("#id_password", "correct horse battery staple")
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile("/answer/people/$"))
    return page


def names_outside_people_lists(page):
    """Respondents' names in the page's main text, leaving out lists of people that say
    nothing of answers (data-people-list)."""
    text = page.evaluate(
        """() => { const main = document.querySelector('main').cloneNode(true);
                   main.querySelectorAll('[data-people-list]').forEach(e => e.remove());
                   return main.innerText; }"""
    )
    return [name for name in RESPONDENTS.values() if name in text or name.split()[0] in text]


@pytest.mark.parametrize("anonymous", [False, True], ids=["named", "anonymous"])
def test_a_round_from_opening_to_its_deadline(browser, live_server, log_in, world, anonymous):
    people, mona = world
    today = timezone.localdate()
    deadline = today + datetime.timedelta(days=10)
    manager = browser.new_context(locale="en-GB").new_page()
    log_in(manager, mona.email)

    # The manager opens the round for every team (all three, the default).
    manager.goto(f"{live_server.url}/o/acme/rounds/new/")
    manager.fill("#id_label", "2027 Q1")
    manager.fill("#id_deadline", deadline.isoformat())
    if anonymous:
        manager.get_by_label("Anonymous").check()
    mail.outbox.clear()
    manager.get_by_role("button", name="Open the round").click()
    expect(manager.get_by_role("status")).to_contain_text("Round “2027 Q1” is open")
    round_ = Round.objects.get()
    assert round_.anonymous == anonymous
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people.values())

    # Bob follows his link: last quarter's answers, one click each.
    bob = follow_the_link(browser, live_server, log_in, people["bob"])
    for number in range(len(AREAS)):
        expect(bob.locator("#carried")).to_contain_text("From 2026 Q3 — still true?")
        bob.get_by_role("button", name="Still true — confirm").click()
        if number + 1 < len(AREAS):
            expect(bob).to_have_url(re.compile(f"/answer/{AREAS[number + 1]}/$"))
    expect(bob.locator("#carried")).to_be_empty()

    # Sam follows his link and answers from nothing (Search has no earlier assessment).
    sam = follow_the_link(browser, live_server, log_in, people["sam"])
    expect(sam.locator("#carried .carried")).to_have_count(0)
    for key in AREAS:
        sam.goto(re.sub(r"/answer/[^/]+/$", f"/answer/{key}/", sam.url))
        with sam.expect_response(lambda r: r.request.method == "POST") as saved:
            sam.click(level_label(1))
        assert saved.value.status == 200

    # Pricing has not begun: the manager reminds that team from the progress page.
    manager.goto(f"{live_server.url}/o/acme/rounds/{round_.pk}/")
    pricing = manager.locator("tbody tr", has_text="Pricing")
    expect(pricing).to_contain_text("Not started")
    mail.outbox.clear()
    pricing.get_by_role("button", name="Remind this team").click()
    expect(manager.get_by_role("status")).to_be_visible()
    assert [m.to for m in mail.outbox] == [[people["pia"].email]]
    assert "/o/acme/teams/pricing/assessments/" in mail.outbox[0].body

    # The clock moves past the deadline; the beat's jobs run.
    after = timezone.make_aware(datetime.datetime.combine(deadline, datetime.time(23, 59)))
    with time_machine.travel(after + datetime.timedelta(hours=8), tick=True):
        call_command("run_round_jobs", verbosity=0)
        states = dict(Entry.objects.values_list("team__slug", "assessment__state"))
        assert states == {"fraud-ml": "submitted", "search": "submitted", "pricing": "draft"}
        assert list(Entry.objects.filter(late=True).values_list("team__slug", flat=True)) == [
            "pricing"
        ]
        # A day later the session has lapsed: the manager logs in again and sees the late team.
        log_in(manager, mona.email)
        manager.goto(f"{live_server.url}/o/acme/rounds/{round_.pk}/")
        expect(manager.locator("main")).to_contain_text("The deadline has passed: 1 team had not")
        manager.get_by_role("link", name="Show the late teams").click()
        expect(manager.locator("tbody tr")).to_have_count(1)
        expect(manager.locator("tbody tr")).to_contain_text("Pricing")
        expect(manager.locator("tbody tr")).to_contain_text("late")

        # Who answered what: named in a named round, nowhere in an anonymous one.
        fraud = Assessment.objects.get(team__slug="fraud-ml", label="2027 Q1")
        pages = [
            f"/o/acme/rounds/{round_.pk}/",
            f"/o/acme/teams/fraud-ml/assessments/{fraud.pk}/",
            f"/o/acme/teams/fraud-ml/assessments/{fraud.pk}/facilitate/",
            "/o/acme/teams/fraud-ml/",
            "/o/acme/",
        ]
        seen = set()
        for path in pages:
            manager.goto(f"{live_server.url}{path}")
            seen |= set(names_outside_people_lists(manager))
        assert seen == (set() if anonymous else {"Bob Builder"})
