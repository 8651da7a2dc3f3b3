"""The rounds' pages in a browser: "Select all" on the form (our own script, under the site's
Content-Security-Policy), opening a round, its progress page, closing it after asking."""

from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import Organisation
from maturity.models import MaturityModel
from rounds.models import Entry, Round
from tests.e2e.conftest import PASSWORD
from tests.factories import MembershipFactory, TeamFactory, UserFactory


def test_a_manager_selects_all_teams_opens_a_round_follows_it_and_closes_it(
    page, live_server, transactional_db, log_in, axe
):
    call_command("load_models", verbosity=0)
    organisation = Organisation.objects.create(name="Acme", slug="acme")
    organisation.models_in_use.add(MaturityModel.objects.get(slug="mlops", version="1"))
    manager = UserFactory(email="mona@acme.example", name="Mona")
    MembershipFactory(user=manager, organisation=organisation, role="manager")
    teams = [
        TeamFactory(organisation=organisation, name=name, slug=name.lower())
        for name in ("Fraud", "Search", "Pricing")
    ]
    TeamFactory(organisation=organisation, name="Old", slug="old", archived=True)
    member = UserFactory(email="bob@acme.example", name="Bob")
    MembershipFactory(user=member, organisation=organisation, role="member", teams=teams[:1])

    log_in(page, manager.email, PASSWORD)
    page.goto(f"{live_server.url}/o/acme/")
    page.get_by_role("link", name="Rounds", exact=True).click()
    page.get_by_role("link", name="Open the first round").click()
    axe(page)

    expect(page.get_by_text("Old", exact=True)).to_have_count(0)
    select_all = page.locator("#select-all-teams")
    expect(select_all).to_be_visible()
    select_all.focus()
    page.keyboard.press("Space")
    boxes = page.locator('input[name="teams"]')
    assert [boxes.nth(i).is_checked() for i in range(boxes.count())] == [True, True, True]
    expect(page.locator('input[name="which_teams"][value="chosen"]')).to_be_checked()
    page.get_by_label("Pricing").uncheck()
    expect(select_all).not_to_be_checked()
    page.fill("#id_label", "2027 Q1")
    page.get_by_role("button", name="Open the round").click()

    expect(page.get_by_role("status")).to_contain_text("Round “2027 Q1” is open")
    round_ = Round.objects.get()
    assert set(Entry.objects.values_list("team__name", flat=True)) == {"Fraud", "Search"}
    expect(page.locator("table tbody tr")).to_have_count(2)
    axe(page)

    page.get_by_role("link", name="Close round").click()
    page.get_by_role("button", name="Close round").click()
    expect(page.get_by_role("status")).to_contain_text("is closed")
    round_.refresh_from_db()
    assert round_.closed_at is not None
