"""HTML written by users is text everywhere: in pages, in SVG charts, in PDF reports, and in
spreadsheets (no formulas). The PDF renderer fetches nothing a user wrote: no local file, no
address on this machine or the cloud's metadata service.

Every user-entered text (organisation, team and user names, team description, assessment
labels, comments, evidence links, agreed-answer notes, reasons for reopening, report errors and
every text of an organisation's own model) carries its own tag followed by the same markup, so
that a page shows which of them it escapes.
"""

from html.parser import HTMLParser

import pytest
from django.utils.html import escape

from accounts.models import Membership
from tests.security.hostile import (  # noqa: F401
    AREAS,
    LINK,
    MARKUP,
    answer_all,
    escaped,
    hostile,
    hostile_model,
    url,
)


class MarkupFinder(HTMLParser):
    """What a browser would run of the page: scripts, event handlers, images from `x`."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "img" and attributes.get("src") == "x":
            self.found.append("<img src=x>")
        if tag == "script":
            self.script = (attributes.get("type"), [])

    def handle_data(self, data):
        if self.script is not None:
            self.script[1].append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            kind, parts = self.script
            content = "".join(parts)
            if kind == "application/json":
                if "<" in content:  # json_script writes \u003C
                    self.found.append(f"markup in JSON: {content[:80]}")
            elif "alert(1)" in content:
                self.found.append(f"<script>{content[:80]}")
            self.script = None


def assert_escaped(page, tags):
    """The page runs none of the markup and shows each of `tags`' texts escaped."""
    for raw in ("<script>alert", "<img src=x", "onerror=alert(1)>", "<svg/onload"):
        assert raw not in page, raw
    finder = MarkupFinder()
    finder.feed(page)
    assert finder.found == []
    missing = [tag for tag in tags if escaped(tag) not in page]
    assert missing == [], missing


@pytest.fixture
def pages(world, organisation, team, other_team, member):
    org, slug = organisation.slug, team.slug
    model = world["model"]
    second, reopened = world["second"].pk, world["reopened"].pk
    round_pk = world["round"].pk
    member_pk = Membership.objects.get(user=member, organisation=organisation).pk
    # name: (url, who looks, the tags of the texts the page shows)
    team_page = ["team", "mdl", "dim0", "dim1", "area0", "area1", "area2"]
    levels = ["lvl0", "lvl1", "lvl2"]
    answering = ["team", "open", "mem", "cmt", "dim0", "area0", "area1", "area2", *levels]
    answering += ["chr0", "chr1", "chr2", "chr3"]
    return {
        "home": (
            "/",
            "admin",
            ["org", "team", "oteam", "mdl", "dim0", "dim1", "area0", "area2", "q2", "q3"],
        ),
        "organisations": (url("orgs:list"), "admin", ["org", "adm"]),
        "organisation dashboard": (
            url("organisation", org),
            "admin",
            ["org", "team", "oteam", "mdl", "dim0", "dim1", "area0", "area1", "area2", "q2", "q3"],
        ),
        "teams": (url("orgs:teams", org), "admin", ["org", "team", "oteam", "tdsc"]),
        "settings": (url("orgs:settings", org), "admin", ["org"]),
        "team settings": (url("orgs:settings_teams", org), "admin", ["team", "oteam"]),
        "team form": (url("orgs:team_edit", org, slug), "admin", ["team", "tdsc"]),
        "members": (url("orgs:settings_members", org), "admin", ["adm", "mgr", "mem", "team"]),
        "member form": (url("orgs:member_edit", org, member_pk), "admin", ["mem", "oteam"]),
        "model browser": (url("maturity:list"), "admin", ["mdl"]),
        "model": (
            url("maturity:detail", model.slug, model.version),
            "admin",
            ["mdl", "mdsc", "dim0", "dim1", "area0", "area1", "area2", *levels]
            + ["ltit0", "ltit2", "ldsc0", "ldsc2", "hl0", "hl2"]
            + [f"chr{i}" for i in range(9)],
        ),
        "model settings": (url("maturity:settings", org), "admin", ["org", "mdl"]),
        "team dashboard": (
            url("dashboards:team", org, slug),
            "admin",
            [*team_page, "tdsc", *levels, "mem", "chr2", "chr8", "q1", "q2", "open"],
        ),
        "changes": (
            url("dashboards:changes", org, slug),
            "admin",
            ["team", "dim0", "dim1", "area0", "area1", "area2", "q1", "q2"],
        ),
        "new assessment": (url("assessments:start", org, slug), "admin", ["team", "mdl"]),
        "results": (
            url("assessments:detail", org, slug, second),
            "admin",
            [*team_page, "mgr", "mem", "lvl1", "lvl2", "chr2", "chr8", "q1", "q2", "cmt", "note"],
        ),
        "reopened results": (
            url("assessments:detail", org, slug, reopened),
            "admin",
            [*team_page, "mgr", "mem", "lvl1", "chr6", "q2", "open", "cmt", "note", "why"],
        ),
        "reopen form": (url("assessments:reopen", org, slug, second), "admin", ["q2"]),
        "answering": (url("assessments:answer", org, slug, reopened), "member", answering),
        "answering an area": (
            url("assessments:answer_area", org, slug, reopened, "collaboration"),
            "member",
            answering,
        ),
        "facilitate": (
            url("assessments:facilitate", org, slug, reopened),
            "admin",
            ["team", "open", "adm", "mgr", "mem", "area0", "area1", "area2", "lvl1"],
        ),
        "agree": (
            url("assessments:agree", org, slug, reopened, "collaboration"),
            "admin",
            ["team", "open", "mgr", "mem", "area0", *levels, "chr2", "chr3", "cmt", "note"],
        ),
        "compare": (
            url("dashboards:compare", org) + f"?teams={slug}&teams={other_team.slug}",
            "admin",
            ["team", "oteam", "area0", "area1", "area2"],
        ),
        "reports": (url("reports:list", org), "admin", ["team", "q2", "err"]),
        "report row": (
            url("reports:progress", org, world["queued"].pk),
            "admin",
            ["team", "q2"],
        ),
        "rounds": (url("rounds:list", org), "admin", ["rnd", "mdl"]),
        "new round": (url("rounds:new", org), "admin", ["team", "oteam", "mdl"]),
        "round progress": (
            url("rounds:detail", org, round_pk),
            "admin",
            ["rnd", "mdl", "team", "oteam"],
        ),
        "round respondents": (
            url("rounds:respondents", org, round_pk, slug),
            "admin",
            ["rnd", "team", "adm", "mgr", "mem"],
        ),
        "round deadline": (url("rounds:deadline", org, round_pk), "admin", ["rnd"]),
        "close round": (url("rounds:close", org, round_pk), "admin", ["rnd"]),
    }


PAGES = [
    "home",
    "organisations",
    "organisation dashboard",
    "teams",
    "settings",
    "team settings",
    "team form",
    "members",
    "member form",
    "model browser",
    "model",
    "model settings",
    "team dashboard",
    "changes",
    "new assessment",
    "results",
    "reopened results",
    "reopen form",
    "answering",
    "answering an area",
    "facilitate",
    "agree",
    "compare",
    "reports",
    "report row",
    "rounds",
    "new round",
    "round progress",
    "round respondents",
    "round deadline",
    "close round",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("language", ["en", "de"])
def test_user_text_is_escaped_on_every_page(client_for, pages, name, language, admin, member):
    address, who, tags = pages[name]
    client = client_for({"admin": admin, "member": member}[who])

    response = client.get(address, HTTP_ACCEPT_LANGUAGE=language, follow=True)

    assert response.status_code == 200
    assert_escaped(response.content.decode(), tags)


@pytest.mark.django_db
def test_every_page_of_the_project_is_checked(pages):
    assert sorted(pages) == sorted(PAGES)


@pytest.mark.django_db
def test_evidence_links_are_escaped_in_their_href(client_for, admin, organisation, team, world):
    page = (
        client_for(admin)
        .get(url("assessments:detail", organisation.slug, team.slug, world["second"].pk))
        .content.decode()
    )

    assert f'<a href="{escape(LINK)}" rel="noopener noreferrer nofollow">{escape(LINK)}</a>' in page


@pytest.mark.django_db
def test_messages_naming_user_text_are_escaped(client_for, admin, organisation, team, world):
    client = client_for(admin)
    reopened = world["reopened"]

    response = client.post(
        url("assessments:agree", organisation.slug, team.slug, reopened.pk, "delivery"),
        {"level": 1, "note": hostile("note")},
        follow=True,
    )

    page = response.content.decode()
    assert f"The agreed answer for {escaped('area1')} is saved." in page
    assert_escaped(page, ["area1"])


@pytest.mark.django_db
def test_an_uploaded_models_name_is_escaped_in_the_message(
    client_for, admin, organisation, mini_data
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from maturity.interchange import dumps

    data = hostile_model(mini_data)
    data["slug"] = "uploaded"
    file = SimpleUploadedFile("model.json", dumps(data).encode())

    response = client_for(admin).post(
        url("maturity:upload", organisation.slug), {"file": file}, follow=True
    )

    page = response.content.decode()
    assert f"“{escaped('mdl')}” version 1 was imported as a draft." in page
    assert_escaped(page, ["mdl"])


@pytest.mark.django_db
def test_import_errors_quoting_the_file_are_escaped(client_for, admin, organisation, mini_data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from maturity.interchange import dumps

    mini_data["areas"][0]["dimension"] = hostile("key")
    mini_data[hostile("extra")] = 1
    file = SimpleUploadedFile("model.json", dumps(mini_data).encode())

    response = client_for(admin).post(url("maturity:upload", organisation.slug), {"file": file})

    assert response.status_code == 400
    assert_escaped(response.content.decode(), ["key", "extra"])
