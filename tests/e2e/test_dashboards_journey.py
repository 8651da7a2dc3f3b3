"""Dashboards in the browser: the server's SVG charts stand inline (no chart library), fit a
phone's width and take the keyboard focus; the numbers agree with the results page; the
organisation view, comparison and changes are reachable and accessible; and a PDF report is
ordered, watched and downloaded."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.models import Assessment
from tests.e2e.conftest import LOCALES, translated

MANAGER = "manager@demo.example"
DEMO_PASSWORD = "demo-password"
DEMO_TEAMS = 6
SUBMITTED = re.compile(r"^\s*(Submitted|Abgeschlossen)\s*$")


@pytest.fixture
def demo(transactional_db):
    call_command("load_models", verbosity=0)
    call_command("seed_demo", verbosity=0)


@pytest.fixture(params=LOCALES)
def locale(request):
    return request.param


@pytest.fixture
def browser_context_args(browser_context_args, locale):
    """An English- or German-speaking browser that accepts downloads."""
    return {**browser_context_args, "locale": locale, "accept_downloads": True}


def expect_drawn_charts(page, at_least):
    """Every chart is the server's inline SVG, with a title and a tooltip on each value; no
    chart library has been loaded or drawn a canvas."""
    charts = page.locator("figure.chart > svg.chart-svg")
    expect(charts.nth(at_least - 1)).to_be_visible()
    assert page.locator("figure.chart canvas").count() == 0
    assert page.evaluate("() => typeof window.Chart") == "undefined"
    for index in range(charts.count()):
        chart = charts.nth(index)
        expect(chart).to_have_attribute("viewBox", re.compile(r"^0 0 \d+ \d+$"))
        expect(chart).to_have_attribute("width", "100%")
        title_id = chart.get_attribute("aria-labelledby")
        expect(chart.locator(f"title[id='{title_id}']")).to_have_text(re.compile(r"\S"))
        values = chart.locator(".datum")
        assert values.count() > 0
        untitled = chart.evaluate(
            """svg => [...svg.querySelectorAll('.point, .bar, .segment, .cell')]
                .filter(mark => !mark.querySelector(':scope > title')
                    || !mark.closest('.datum[tabindex="0"]')).length"""
        )
        assert untitled == 0
    return charts.count()


def scores_by_name(table):
    """{row header: text of the first data cell} for each body row of `table`."""
    rows = table.locator("tbody tr")
    expect(rows.first).to_be_attached()
    scores = {}
    for index in range(rows.count()):
        row = rows.nth(index)
        name = row.locator("th").first.inner_text().strip()
        scores[name] = row.locator("td").first.inner_text().strip()
    return scores


def table_with_caption(page, caption):
    return page.locator("table").filter(has=page.locator("caption", has_text=caption))


def test_team_dashboard_draws_charts_and_agrees_with_the_results_page(
    page, live_server, demo, log_in, axe, locale
):
    log_in(page, MANAGER, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/o/demo/teams/fraud-ml/")
    expect(page.locator("h1")).to_contain_text("Fraud ML")
    # Radar, bars and trend.
    assert expect_drawn_charts(page, at_least=3) >= 3

    per_area = table_with_caption(page, translated(locale, "Latest result per area"))
    dashboard_scores = scores_by_name(per_area)
    assert dashboard_scores
    assert any(value != "—" for value in dashboard_scores.values()), dashboard_scores
    axe(page)

    submitted = Assessment.objects.filter(team__slug="fraud-ml", state="submitted")
    latest = submitted.order_by("-date").first()
    assessments = page.locator("table").filter(
        has=page.locator(
            "caption", has_text=translated(locale, "Assessments of this team over time")
        )
    )
    submitted_row = (
        assessments.locator("tbody tr").filter(has=page.locator("td", has_text=SUBMITTED)).first
    )
    link = submitted_row.locator("a").first
    expect(link).to_have_text(latest.label)
    link.click()

    expect(page).to_have_url(re.compile(rf"/o/demo/teams/fraud-ml/assessments/{latest.pk}/$"))
    expect(page.locator("h1")).to_contain_text(latest.label)
    results_scores = scores_by_name(
        table_with_caption(page, re.compile(rf"^\s*{translated(locale, 'Areas')}\s*$"))
    )
    assert results_scores == dashboard_scores
    axe(page)


def test_organisation_dashboard_comparison_and_changes(
    page, live_server, demo, log_in, axe, locale
):
    log_in(page, MANAGER, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/o/demo/")
    expect(page.locator("h1")).to_have_text("Demo GmbH")
    expect_drawn_charts(page, at_least=2)
    heatmap = page.locator("table.heatmap")
    expect(heatmap).to_be_visible()
    expect(heatmap.locator("tbody tr")).to_have_count(DEMO_TEAMS)
    below = page.locator("section[aria-labelledby=below-heading]")
    expect(below.locator("h2")).to_have_text(translated(locale, "Teams below target"))
    expect(below.locator("tbody tr a").first).to_be_visible()
    axe(page)

    page.goto(f"{live_server.url}/o/demo/compare/")
    expect(page.locator("figure.chart")).to_have_count(0)
    page.check("input[name=teams][value=fraud-ml]")
    page.check("input[name=teams][value=vision]")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/o/demo/compare/\?(.*&)?teams=fraud-ml(&|$)"))
    expect(page).to_have_url(re.compile(r"/o/demo/compare/\?(.*&)?teams=vision(&|$)"))
    expect_drawn_charts(page, at_least=1)
    caption = translated(locale, "Latest submitted result per area with %(name)s %(version)s")
    compared = table_with_caption(page, caption.split("%(name)s")[0].strip())
    expect(compared.locator("tbody tr")).to_have_count(2)
    expect(compared.locator("tbody")).to_contain_text("Fraud ML")
    expect(compared.locator("tbody")).to_contain_text("Computer Vision")
    axe(page)

    page.goto(f"{live_server.url}/o/demo/teams/fraud-ml/changes/")
    changes = page.locator("main table")
    expect(changes.locator("thead th").last).to_have_text(re.compile("Change|Veränderung"))
    expect(changes.locator("tbody tr").first).to_be_visible()
    axe(page)


def test_order_a_pdf_watch_progress_and_download(
    page, live_server, demo, log_in, axe, tmp_path, locale
):
    log_in(page, MANAGER, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/o/demo/teams/fraud-ml/")
    order = page.locator("form").filter(has=page.locator("input[name=kind][value=team]"))
    expect(order.locator("select[name=language]")).to_have_value(locale[:2])
    order.get_by_role("button", name=translated(locale, "PDF report")).click()

    expect(page).to_have_url(re.compile(r"/o/demo/reports/(#report-\d+)?$"))
    row = page.locator("tbody tr").filter(has_text="Fraud ML").first
    download_link = row.get_by_role("link", name=translated(locale, "Download PDF"))
    # The page polls for its unfinished reports until they are done (in process: already).
    expect(download_link).to_be_visible(timeout=30_000)
    axe(page)

    with page.expect_download() as info:
        download_link.click()
    target = tmp_path / (info.value.suggested_filename or "report.pdf")
    info.value.save_as(target)

    assert target.read_bytes().startswith(b"%PDF")
    text = "\n".join(p.extract_text() or "" for p in PdfReader(target).pages)
    assert "Fraud ML" in text


@pytest.mark.parametrize("path", ["/o/demo/teams/fraud-ml/", "/o/demo/"])
def test_charts_fit_a_phone_and_take_the_focus(page, live_server, demo, log_in, axe, path):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, MANAGER, DEMO_PASSWORD)
    page.goto(f"{live_server.url}{path}")
    expect(page.locator("h1")).to_be_visible()
    drawn = expect_drawn_charts(page, at_least=3 if "teams" in path else 2)

    sizes = page.evaluate(
        """() => ({page: document.documentElement.scrollWidth, window: window.innerWidth,
                  charts: [...document.querySelectorAll('figure.chart svg')]
                      .map(svg => svg.getBoundingClientRect())
                      .map(box => ({left: box.left, right: box.right, height: box.height}))})"""
    )
    assert sizes["page"] <= sizes["window"], sizes
    assert len(sizes["charts"]) == drawn
    for box in sizes["charts"]:
        assert box["left"] >= 0 and box["right"] <= sizes["window"], box
        assert box["height"] > 100, box  # scaled with its viewBox, not squashed

    # A value takes the focus and shows it; its name is the value in words.
    value = page.locator("figure.chart .datum").first
    value.focus()
    focused = page.evaluate(
        """() => ({cls: document.activeElement.getAttribute('class'),
                  label: document.activeElement.getAttribute('aria-label'),
                  outline: getComputedStyle(document.activeElement).outlineStyle})"""
    )
    assert focused["cls"] == "datum" and re.search(r": \d", focused["label"]), focused
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('class')") == "datum"
    axe(page)
