"""Issue 17, "Done when": a member turns two roadmap items into actions, assigns one and marks
it done; the next assessment shows the actions while answering and checks them in its results;
the manager sees the common gaps with that team counted; the plan's CSV opens with the columns
issue trackers import, and the common gaps' CSV with its own."""

import csv
import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from playwright.sync_api import expect

from assessments import services
from maturity.models import Characteristic, MaturityModel
from plans import follow_up
from plans.models import Action
from reports.gaps_exports import GAP_COLUMNS
from tests.e2e.conftest import LOCALES, translated
from tests.factories import MembershipFactory, OrganisationFactory, TeamFactory, UserFactory

AREAS = ["people", "model-creation", "model-release", "application-integration", "technology"]
COMPUTE = "model-creation.2.2"  # assigned, done, and still not in place next time
MODEL_MANAGEMENT = "technology.2.3"  # done, and in place next time
TRACKED = "model-creation.2.3"  # missing in both teams, no action


@pytest.fixture(params=LOCALES)
def locale(request):
    return request.param


@pytest.fixture
def world(transactional_db):
    """Acme uses the MLOps model; Fraud ML (Bob, Dora) and Forecasting each submitted an
    assessment at level 1 everywhere, so each area's next step has gaps in both teams."""
    call_command("load_models", verbosity=0)
    model = MaturityModel.objects.get(slug="mlops", version="1")
    organisation = OrganisationFactory(name="Acme", slug="acme")
    organisation.models_in_use.add(model)
    fraud = TeamFactory(organisation=organisation, name="Fraud ML", slug="fraud-ml")
    forecasting = TeamFactory(organisation=organisation, name="Forecasting", slug="forecasting")
    people = {}
    for key, name, team in [
        ("bob", "Bob Builder", fraud),
        ("dora", "Dora Datawise", fraud),
        ("fay", "Fay Forecaster", forecasting),
    ]:
        people[key] = UserFactory(email=f"{key}@acme.example", name=name)
        MembershipFactory(user=people[key], organisation=organisation, teams=[team])
    people["mona"] = UserFactory(email="mona@acme.example", name="Mona Manager")
    MembershipFactory(user=people["mona"], organisation=organisation, role="manager")
    for team, respondent in [(fraud, people["bob"]), (forecasting, people["fay"])]:
        assessment = services.assessment_start(
            team=team,
            model=model,
            label="2026 Q3",
            date=datetime.date(2026, 9, 1),
            by=people["mona"],
        )
        for key in AREAS:
            services.answer_record(
                assessment=assessment, respondent=respondent, area_key=key, level=1
            )
        services.assessment_submit(assessment=assessment, by=people["mona"])
    return model, fraud, people


def text_of(model, key, locale):
    with translation.override(locale[:2]):
        return Characteristic.objects.get(model=model, key=key).text


def status_label(status, locale):
    with translation.override(locale[:2]):
        return str(Action.Status(status).label)


def named(verb, title):
    """A button's name: its verb, then the visually hidden ": title" (Chromium reads the
    hidden part as a block of its own, with a space before the colon)."""
    return re.compile(rf"^{re.escape(verb)}\s*:\s*{re.escape(title)}$")


def results_url(live_server, assessment):
    return f"{live_server.url}/o/acme/teams/fraud-ml/assessments/{assessment.pk}/"


def downloaded_csv(page, link, tmp_path):
    """Click `link`, wait for the download and read it with the csv module."""
    with page.expect_download() as info:
        link.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))


def test_a_plan_from_the_roadmap_to_the_next_assessment_and_the_common_gaps(
    browser, live_server, log_in, axe, world, locale, tmp_path
):
    model, fraud, people = world
    compute = text_of(model, COMPUTE, locale)
    management = text_of(model, MODEL_MANAGEMENT, locale)
    tracked = text_of(model, TRACKED, locale)
    make_action = translated(locale, "Make it an action")
    due = timezone.localdate() + datetime.timedelta(days=30)
    first = fraud.assessments.get()
    context = browser.new_context(locale=locale, accept_downloads=True)
    bob = context.new_page()
    log_in(bob, people["bob"].email)

    # 1. Two deliverables of the roadmap become actions, one click each; the first one is
    # given an owner and a due date on its edit page.
    bob.goto(results_url(live_server, first))
    roadmap = bob.locator("section[aria-labelledby=roadmap]")
    roadmap.get_by_role("button", name=named(make_action, management)).click()
    expect(bob).to_have_url(re.compile(r"/o/acme/teams/fraud-ml/plan/\d+/$"))
    expect(bob.locator("#id_title")).to_have_value(management)

    bob.goto(results_url(live_server, first))
    roadmap.get_by_role("button", name=named(make_action, compute)).click()
    expect(bob).to_have_url(re.compile(r"/o/acme/teams/fraud-ml/plan/\d+/$"))
    expect(bob.locator("#id_title")).to_have_value(compute)
    axe(bob)
    bob.select_option("#id_owner", str(people["dora"].pk))
    bob.fill("#id_due", due.isoformat())
    bob.get_by_role("button", name=translated(locale, "Save")).click()
    expect(bob).to_have_url(re.compile(r"/o/acme/teams/fraud-ml/plan/#action-\d+$"))
    assigned = Action.objects.get(team=fraud, characteristic__key=COMPUTE)
    assert (assigned.owner, assigned.due) == (people["dora"], due)

    # ... and marked done with the plan page's quick button.
    done_button = translated(locale, "Mark done")
    bob.get_by_role("button", name=named(done_button, compute)).click()
    expect(bob.get_by_role("button", name=named(done_button, compute))).to_have_count(0)

    # The plan: both actions, each in its area, the assigned one done.
    groups = bob.locator("section.plan-group")
    expect(groups).to_have_count(2)
    model_creation = groups.filter(has=bob.locator("h2", has_text=re.compile("Model|Modell")))
    technology = groups.filter(has=bob.locator("h2", has_text=re.compile("Techno")))
    done_action = model_creation.locator("li.plan-action", has_text=compute)
    expect(done_action.locator(".badge").first).to_have_text(status_label("done", locale))
    expect(done_action).to_contain_text("Dora Datawise")
    open_action = technology.locator("li.plan-action", has_text=management)
    expect(open_action.locator(".badge").first).to_have_text(status_label("open", locale))
    axe(bob)

    # The second action is done too, through its edit form.
    open_action.get_by_role("link", name=management).click()
    bob.select_option("#id_status", "done")
    bob.get_by_role("button", name=translated(locale, "Save")).click()
    expect(technology.locator("li.plan-action .badge").first).to_have_text(
        status_label("done", locale)
    )

    # 4a. The plan as CSV for an issue tracker.
    rows = downloaded_csv(bob, bob.locator("main a[href$='/plan/actions.csv']"), tmp_path)
    assert rows[0] == ["Summary", "Description", "Assignee", "Due date", "Labels", "Status"]
    by_title = {row[0]: row for row in rows[1:]}
    assert set(by_title) == {compute, management}
    assert by_title[compute][2:5] == [
        "dora@acme.example",
        due.isoformat(),
        "maturity area-model-creation team-fraud-ml",
    ]
    assert by_title[compute][5] == status_label("done", locale)
    assert by_title[management][2:5] == ["", "", "maturity area-technology team-fraud-ml"]

    # 2. The next assessment: while answering model creation, the team's action and who did it.
    second = services.assessment_start(
        team=fraud, model=model, label="2026 Q4", date=datetime.date(2026, 12, 1), by=people["mona"]
    )
    bob.goto(f"{results_url(live_server, second)}answer/model-creation/")
    box = bob.locator("aside.area-actions")
    expect(box).to_contain_text(compute)
    expect(box).not_to_contain_text(management)  # another area's
    with translation.override(locale[:2]):
        done_text = follow_up.done_text(Action.objects.get(pk=assigned.pk))
    assert " Bob" in done_text
    expect(box).to_contain_text(done_text)
    axe(bob)

    # Model creation still at level 1 with nothing of the next step ticked: "Compute managed"
    # is done but not in place; technology at level 2: "Model management" is in place.
    for key in AREAS:
        services.answer_record(
            assessment=second,
            respondent=people["bob"],
            area_key=key,
            level=2 if key == "technology" else 1,
        )
    services.assessment_submit(assessment=second, by=people["mona"])
    bob.goto(results_url(live_server, second))
    check = bob.locator("section[aria-labelledby=plan-check]")
    expect(check.locator("li", has_text=compute)).to_contain_text(
        translated(locale, "done, but not yet in place")
    )
    expect(check.locator("li", has_text=management).locator(".badge")).to_have_text(
        translated(locale, "in place")
    )
    axe(bob)
    context.close()

    # 3. The manager's common gaps: Fraud ML counted, with its action.
    context = browser.new_context(locale=locale, accept_downloads=True)
    mona = context.new_page()
    log_in(mona, people["mona"].email)
    mona.locator("nav").get_by_role("link", name=translated(locale, "Common gaps")).click()
    expect(mona).to_have_url(re.compile(r"/o/acme/gaps/$"))
    row = mona.locator("table.gaps-table tbody tr", has_text=compute)
    expect(row.locator(".gap-count")).to_have_text("2")
    expect(row.locator("td").nth(3)).to_have_text("1")  # with an action
    teams = row.locator("td").last
    expect(teams).to_contain_text("Fraud ML")
    expect(teams).to_contain_text("Forecasting")
    expect(teams.locator(".action-badge")).to_have_count(1)
    expect(teams.locator(".action-badge")).to_have_attribute("href", re.compile("/fraud-ml/plan/$"))
    # Missing in both, and nobody has an action for it.
    other = mona.locator("table.gaps-table tbody tr", has_text=tracked)
    expect(other.locator(".gap-count")).to_have_text("2")
    expect(other.locator(".action-badge")).to_have_count(0)
    # Fraud ML has model management in place now: Forecasting alone misses it.
    in_place = mona.locator("table.gaps-table tbody tr", has_text=management)
    expect(in_place.locator(".gap-count")).to_have_text("1")
    expect(in_place.locator("td").last).not_to_contain_text("Fraud ML")
    axe(mona)

    # 4b. The common gaps as CSV.
    rows = downloaded_csv(mona, mona.locator("main a[href*='/gaps/gaps.csv']"), tmp_path)
    assert rows[0] == GAP_COLUMNS
    [compute_row] = [r for r in rows[1:] if r[GAP_COLUMNS.index("characteristic")] == compute]
    assert compute_row[GAP_COLUMNS.index("teams_missing")] == "2"
    assert compute_row[GAP_COLUMNS.index("teams_with_action")] == "1"
    assert "Fraud ML" in compute_row[GAP_COLUMNS.index("team_names")]
    context.close()
