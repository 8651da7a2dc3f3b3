"""Security headers and a Content-Security-Policy that allows only our own files.

The policy forbids inline scripts, inline event handlers, inline styles and eval, so the
pages must not contain any: checked here on the rendered pages and in the template sources
(the browser journeys in tests/e2e check the same in Chromium).
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments.models import Assessment
from reports.models import Report
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
# Rendered by WeasyPrint on the server into PDFs; no browser ever applies a policy to them.
PDF_TEMPLATES = ROOT / "templates" / "assessments" / "reports"

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def parse_policy(header):
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        assert name not in directives, f"{name} appears twice"
        directives[name] = values
    return directives


class InlineCodeFinder(HTMLParser):
    """Everything in an HTML page that a policy without 'unsafe-inline' refuses."""

    def __init__(self):
        super().__init__()
        self.problems = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        where = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs)[:120]}>"
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"style attribute: {where}")
            if re.fullmatch(r"on[a-z]+", name):
                self.problems.append(f"inline event handler {name}: {where}")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"javascript: URL: {where}")
        if tag == "style":
            self.problems.append("<style> element")
        script_type = (attributes.get("type") or "").lower()
        if tag == "script" and "src" not in attributes and script_type not in DATA_SCRIPT_TYPES:
            self.problems.append(f"inline script: {where}")

    handle_startendtag = handle_starttag


def inline_code(html):
    finder = InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


def test_the_finder_finds_each_kind_of_inline_code():
    html = (
        '<div style="width: 40%"></div><p onclick="go()">x</p><svg><rect onload="x()"/></svg>'
        '<style>p {}</style><script>alert(1)</script><a href="javascript:go()">x</a>'
        '<script src="/static/js/charts.js"></script><script type="application/json">{}</script>'
    )

    assert len(inline_code(html)) == 6


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/", "/healthz", "/does-not-exist/"])
def test_responses_carry_the_policy_and_the_security_headers(client, path):
    response = client.get(path)

    header = response["Content-Security-Policy"]
    assert parse_policy(header) == POLICY
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_htmx_partials_carry_the_policy_too(client_for, manager, organisation, team):
    report = Report.objects.create(
        organisation=organisation, kind=Report.Kind.TEAM, team=team, language="en"
    )

    response = client_for(manager).get(
        reverse("reports:progress", args=[organisation.slug, report.pk]), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert parse_policy(response["Content-Security-Policy"]) == POLICY
    assert inline_code(response.content.decode()) == []


@pytest.fixture
def demo(db):
    call_command("load_models", verbosity=0)
    call_command("seed_demo", verbosity=0)


def demo_pages():
    """(who, path) for the main pages of the demo organisation, with data on every one."""
    in_progress = Assessment.objects.get(state=Assessment.State.IN_PROGRESS, team__slug="fraud-ml")
    submitted = Assessment.objects.filter(
        team=in_progress.team, state=Assessment.State.SUBMITTED
    ).latest("date")
    team = in_progress.team
    area = in_progress.model.areas.order_by("position").first()
    organisation = team.organisation
    org = organisation.slug
    other_team = organisation.teams.exclude(pk=team.pk).order_by("slug").first()
    model = in_progress.model
    for state, progress in [("queued", 0), ("running", 40), ("done", 100), ("failed", 10)]:
        Report.objects.create(
            organisation=organisation,
            kind=Report.Kind.TEAM,
            team=team,
            language="en",
            state=state,
            progress=progress,
            error="the font is gone" if state == "failed" else "",
        )
    anonymous = [
        "/",
        reverse("accounts:login"),
        reverse("accounts:signup"),
        reverse("accounts:password_reset"),
        "/admin/login/",
    ]
    member = [
        reverse("assessments:answer_area", args=[org, team.slug, in_progress.pk, area.key]),
        reverse("assessments:detail", args=[org, team.slug, submitted.pk]),
        reverse("dashboards:team", args=[org, team.slug]),
        reverse("reports:list", args=[org]),
        reverse("orgs:teams", args=[org]),
        reverse("accounts:password_change"),
        reverse("maturity:list"),
    ]
    manager = [
        reverse("organisation", args=[org]),
        reverse("dashboards:team", args=[org, team.slug]),
        reverse("assessments:detail", args=[org, team.slug, submitted.pk]),
        reverse("assessments:detail", args=[org, team.slug, in_progress.pk]),
        reverse("assessments:facilitate", args=[org, team.slug, in_progress.pk]),
        reverse("assessments:agree", args=[org, team.slug, in_progress.pk, area.key]),
        reverse("dashboards:changes", args=[org, team.slug]),
        reverse("dashboards:compare", args=[org]) + f"?teams={team.slug}&teams={other_team.slug}",
        reverse("reports:list", args=[org]),
        reverse("assessments:start", args=[org, team.slug]),
        reverse("maturity:detail", args=[model.slug, model.version]),
    ]
    admin = [
        reverse("orgs:settings", args=[org]),
        reverse("orgs:settings_teams", args=[org]),
        reverse("orgs:team_create", args=[org]),
        reverse("orgs:settings_members", args=[org]),
        reverse("orgs:invitation_create", args=[org]),
        reverse("maturity:settings", args=[org]),
        reverse("orgs:list"),
    ]
    superuser = ["/admin/", "/admin/accounts/user/", "/admin/accounts/user/add/"]
    return {
        None: anonymous,
        "data.scientist@demo.example": member,
        "manager@demo.example": manager,
        "admin@demo.example": admin,
        "root@demo.example": superuser,
    }


@pytest.mark.django_db
def test_main_pages_have_no_inline_script_style_or_handler(client, demo):
    UserFactory(email="root@demo.example", is_staff=True, is_superuser=True)
    problems = {}
    checked = 0
    for email, paths in demo_pages().items():
        client.logout()
        if email:
            user = UserFactory._meta.model.objects.get(email=email)
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (email, path, response.status_code)
            assert parse_policy(response["Content-Security-Policy"]) == POLICY
            found = inline_code(response.content.decode())
            if found:
                problems[f"{email} {path}"] = found
            checked += 1

    assert problems == {}
    assert checked == 33


def template_sources():
    for path in sorted((ROOT / "templates").rglob("*.html")):
        if PDF_TEMPLATES not in path.parents:
            yield path


def test_no_template_has_inline_script_style_or_handler():
    """Also the templates the page test does not reach (errors, rare states)."""
    problems = {}
    for path in template_sources():
        # Comments go; tags and variables may hold '<' and '>': blank them for the parser.
        source = re.sub(
            r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}",
            "",
            path.read_text(),
            flags=re.DOTALL,
        )
        source = re.sub(r"{%.*?%}|{{.*?}}", "x", source, flags=re.DOTALL)
        found = inline_code(source)
        if found:
            problems[str(path.relative_to(ROOT))] = found

    assert len(list(template_sources())) > 40
    assert problems == {}


def test_our_javascript_neither_evaluates_code_nor_writes_inline_styles():
    for path in sorted((ROOT / "static" / "js").glob("*.js")):
        source = path.read_text()
        assert not re.search(r"\beval\(|new Function\(|setTimeout\(\s*['\"]", source), path
        assert not re.search(r"setAttribute\(\s*['\"]style", source), path


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(client, db):
    html = client.get(reverse("accounts:login")).content.decode()

    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)
    assert config, "no htmx-config meta element"
    assert '"includeIndicatorStyles": false' in config[1]
    assert '"allowEval": false' in config[1]
