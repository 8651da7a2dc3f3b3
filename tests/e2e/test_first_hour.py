"""The first hour of a new organisation, in English and German (issue 15, items 1 and 5):
sign up, create a team, invite a colleague whose e-mailed link works on this server's port,
and assess the team, without having to find Settings → Maturity models: two models are
shipped (issue 21), so sign-up leads to that page once to choose, and nothing else does."""

import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from assessments.models import Assessment
from tests.e2e.conftest import PASSWORD, level_label
from tests.e2e.test_signup_journey import accept_invitation, choose_the_model

LINK = re.compile(r"https?://\S+/accounts/invitations/\S+/")
TEXTS = {
    "en-GB": {"no_model": "uses no maturity model yet", "team": "Fraud Detection"},
    "de-DE": {"no_model": "noch kein Reifegradmodell", "team": "Betrugserkennung"},
}


def is_autosave(response):
    return response.request.method == "POST" and "/answer/" in response.url


@pytest.mark.parametrize("locale", TEXTS)
def test_sign_up_invite_and_assess_without_settings(live_server, transactional_db, browser, locale):
    assert urlsplit(live_server.url).port != 8000  # pytest-django's live server: a free port
    call_command("load_models", verbosity=0)
    texts, slug = TEXTS[locale], "northwind"
    org = f"{live_server.url}/o/{slug}"
    visited = []
    contexts = []

    def new_page():
        context = browser.new_context(locale=locale)
        context.on("request", lambda request: visited.append(request.url))
        contexts.append(context)
        return context.new_page()

    try:
        admin = new_page()
        admin.goto(f"{live_server.url}/accounts/signup/")
        admin.fill("#id_name", "Ada Admin")
        admin.fill("#id_email", "ada@northwind.example")
        admin.fill("#id_password1", PASSWORD)
        admin.fill("#id_password2", PASSWORD)
        admin.fill("#id_organisation_name", "Northwind Traders")
        admin.fill("#id_organisation_slug", slug)
        admin.click("main button[type=submit]")

        # Sign-up asks which shipped model to use; then the empty dashboard leads to the
        # first team.
        choose_the_model(admin, org)
        expect(admin.locator("main")).not_to_contain_text(texts["no_model"])
        expect(admin.locator("main form[action$='/reports/order/']")).to_have_count(0)
        admin.click(f"main a[href='/o/{slug}/settings/teams/new/']")
        admin.fill("#id_name", texts["team"])
        admin.click("main form button[type=submit]")
        expect(admin).to_have_url(f"{org}/settings/teams/")

        mail.outbox.clear()
        admin.goto(f"{org}/settings/invitations/new/")
        admin.fill("#id_email", "grace@northwind.example")
        admin.select_option("#id_role", "member")
        admin.locator("input[name=teams]").first.check()
        admin.click("main form button[type=submit]")
        expect(admin).to_have_url(f"{org}/settings/members/")

        [message] = mail.outbox
        link = LINK.search(message.body).group(0)
        assert link.startswith(f"{live_server.url}/"), link

        # The colleague follows the e-mailed link as it stands, starts and answers.
        colleague = new_page()
        colleague.goto(link)
        accept_invitation(colleague, "Grace Colleague")
        expect(colleague).to_have_url(f"{org}/")
        colleague.click(f"main a:has-text('{texts['team']}')")
        colleague.click("main a[href$='/assessments/new/']")
        colleague.fill("#id_label", "2026 Q1")
        colleague.fill("#id_date", date.today().isoformat())
        colleague.click("main form button[type=submit]")
        expect(colleague).to_have_url(re.compile(r"/assessments/\d+/"))
        assessment = Assessment.objects.get(team__organisation__slug=slug)
        url = f"{org}/teams/{assessment.team.slug}/assessments/{assessment.pk}/"
        keys = list(assessment.model.areas.order_by("position").values_list("key", flat=True))
        for key in keys:
            colleague.goto(f"{url}answer/{key}/")
            with colleague.expect_response(is_autosave) as saved:
                colleague.click(level_label(1))
            assert saved.value.status == 200, saved.value.text()

        # The admin submits; the dashboard now shows the team's result and offers a report.
        admin.goto(url)
        admin.click("main a[href$='/submit/']")  # Submit asks once
        expect(admin).to_have_url(re.compile("/submit/$"))
        admin.click("main form button[type=submit]")
        expect(admin).to_have_url(url)
        assessment.refresh_from_db()
        assert assessment.state == Assessment.State.SUBMITTED
        admin.goto(f"{org}/")
        expect(admin.locator("main form[action$='/reports/order/']")).to_have_count(1)
        expect(admin.locator("table.heatmap tbody")).to_contain_text(texts["team"])
    finally:
        for context in contexts:
            context.close()

    # The model settings were opened only where sign-up led, to choose and save there.
    assert {url for url in visited if "/settings/models/" in url} == {f"{org}/settings/models/"}
