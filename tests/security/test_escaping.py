"""HTML written by users is text everywhere: in pages, in SVG charts, in PDF reports, and in
spreadsheets (no formulas). The PDF renderer fetches nothing a user wrote: no local file, no
address on this machine or the cloud's metadata service.

Every user-entered text (organisation, team and user names, team description, assessment
labels, comments, evidence links, agreed-answer notes, reasons for reopening, report errors and
every text of an organisation's own model) carries its own tag followed by the same markup, so
that a page shows which of them it escapes.
"""

import copy
import csv
import http.server
import io
import re
import threading
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.models import Invitation, Membership
from assessments import services
from assessments.models import Answer
from maturity.interchange import import_model
from maturity.models import MaturityModel
from reports import build
from reports import pdf as report_pdf
from reports.models import Report

MARKUP = "<script>alert(1)</script><img src=x onerror=alert(1)>\"'"
LINK = "https://evidence.example/x?a='\"><svg/onload=alert(1)>"


def hostile(tag):
    return f"{tag}{MARKUP}"


def escaped(tag):
    return escape(hostile(tag))


AREAS = ["collaboration", "delivery", "monitoring"]


def hostile_model(mini_data):
    """The mini model with every text replaced by markup, tagged by where it stands."""
    data = copy.deepcopy(mini_data)
    data["slug"] = "acme-hostile"

    def both(tag):
        return {"de": hostile(tag), "en": hostile(tag)}

    data["name"], data["description"] = both("mdl"), both("mdsc")
    for i, dimension in enumerate(data["dimensions"]):
        dimension["name"] = both(f"dim{i}")
    for i, area in enumerate(data["areas"]):
        area["name"] = both(f"area{i}")
    for i, level in enumerate(data["levels"]):
        level["name"], level["title"] = both(f"lvl{i}"), both(f"ltit{i}")
        level["description"], level["highlights"] = both(f"ldsc{i}"), [both(f"hl{i}")]
    for i, characteristic in enumerate(data["characteristics"]):
        characteristic["text"] = both(f"chr{i}")
    return data


def answer_all(assessment, respondent, level=1, comment="", evidence=()):
    for area in AREAS:
        services.answer_record(
            assessment=assessment,
            respondent=respondent,
            area_key=area,
            level=level,
            comment=comment,
            evidence=evidence,
        )


@pytest.fixture
def world(organisation, team, other_team, admin, manager, member, mini_data):
    organisation.name = hostile("org")
    organisation.save()
    team.name, team.description = hostile("team"), hostile("tdsc")
    team.save()
    other_team.name = hostile("oteam")
    other_team.save()
    for user, tag in ((admin, "adm"), (manager, "mgr"), (member, "mem")):
        user.name = hostile(tag)
        user.save()
    Membership.objects.get(user=member, organisation=organisation).teams.add(other_team)

    model = import_model(
        hostile_model(mini_data),
        organisation=organisation,
        status=MaturityModel.Status.PUBLISHED,
    )
    organisation.models_in_use.add(model)

    def start(on, tag, day):
        return services.assessment_start(
            team=on, model=model, label=hostile(tag), date=day, by=manager
        )

    first = start(team, "q1", date(2026, 3, 31))
    answer_all(first, member, level=1, comment=hostile("cmt"), evidence=[LINK])
    services.assessment_submit(assessment=first, by=manager)
    second = start(team, "q2", date(2026, 6, 30))
    answer_all(second, member, level=2, comment=hostile("cmt"), evidence=[LINK])
    answer_all(second, manager, level=1)
    services.agreed_record(
        assessment=second, area_key="delivery", level=2, note=hostile("note"), by=manager
    )
    services.assessment_submit(assessment=second, by=manager)
    reopened = start(team, "open", date(2026, 9, 30))
    answer_all(reopened, member, level=1, comment=hostile("cmt"), evidence=[LINK])
    answer_all(reopened, manager, level=2)
    services.agreed_record(
        assessment=reopened, area_key="collaboration", level=1, note=hostile("note"), by=manager
    )
    services.assessment_submit(assessment=reopened, by=manager)
    services.assessment_reopen(assessment=reopened, by=manager, reason=hostile("why"))
    elsewhere = start(other_team, "q3", date(2026, 6, 30))
    answer_all(elsewhere, member, level=2)
    services.assessment_submit(assessment=elsewhere, by=manager)
    services.target_set(team=team, dimension_key="culture", level=2, by=manager)

    Report.objects.create(
        organisation=organisation,
        kind="team",
        team=team,
        state="failed",
        error=hostile("err"),
        ordered_by=manager,
    )
    queued = Report.objects.create(
        organisation=organisation, kind="assessment", assessment=second, ordered_by=manager
    )
    Invitation.objects.create(
        organisation=organisation,
        email="newcomer@acme.example",
        invited_by=admin,
        expires_at=timezone.now() + timedelta(days=14),
    )
    return {
        "model": model,
        "first": first,
        "second": second,
        "reopened": reopened,
        "queued": queued,
    }


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


def url(name, *args):
    return reverse(name, args=args)


@pytest.fixture
def pages(world, organisation, team, other_team, member):
    org, slug = organisation.slug, team.slug
    model = world["model"]
    second, reopened = world["second"].pk, world["reopened"].pk
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


# PDF reports


class Listener:
    """A web server on a free port of 127.0.0.1 that counts what it is asked for."""

    def __init__(self):
        self.requests = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                listener.requests.append(self.path)
                body = b"root:x:0:0:FETCHED"
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def listener():
    with Listener() as running:
        yield running


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def fetching_markup(port):
    """Every way HTML and CSS have of making WeasyPrint load something."""
    here = f"http://127.0.0.1:{port}"
    return [
        f'<img src="{here}/img.png">',
        f'<link rel="stylesheet" href="{here}/style.css">',
        f'<style>@import "{here}/import.css"; body {{ background: url({here}/bg.png) }}</style>',
        f'<div style="background-image: url({here}/inline.png)">x</div>',
        f'<object data="{here}/object.svg"></object><embed src="{here}/embed.svg">',
        f'<iframe src="{here}/frame.html"></iframe>',
        f'<a rel="attachment" href="{here}/attachment.txt">a</a>',
        f'<img src="http://localhost:{port}/localhost.png">',
        '<img src="file:///etc/passwd"><a rel="attachment" href="file:///etc/passwd">p</a>',
        '<img src="http://169.254.169.254/latest/meta-data/">',
        '<link rel="stylesheet" href="static:/../../../../etc/passwd">',
        "<script>alert(1)</script>",
    ]


@pytest.fixture
def fetching_world(world, organisation, team, member, listener):
    """The hostile world, and comments and links that would make a renderer fetch things."""
    port = listener.port
    links = [
        "file:///etc/passwd",
        f"http://127.0.0.1:{port}/secret",
        f"http://localhost:{port}/",
        "http://169.254.169.254/latest/meta-data/",
    ]
    comment = " ".join(fetching_markup(port))
    # Links are http(s) only when entered; these are stored as they would be by an old import.
    Answer.objects.filter(respondent=member).update(comment=comment, evidence=links)
    team.name = f'<img src="http://127.0.0.1:{port}/team.png">'[:120]
    team.save()
    return {"comment": comment, "links": links}


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def squeezed(text):
    return re.sub(r"\s+", "", text)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de"])
def test_pdf_reports_show_markup_as_text_and_fetch_nothing(
    world, fetching_world, organisation, team, listener, monkeypatch, language
):
    asked = []
    original = report_pdf.static_only_fetcher

    def recording():
        fetcher = original()
        fetch = fetcher.fetch

        def recorded(address, headers=None):
            asked.append(address)
            return fetch(address, headers)

        fetcher.fetch = recorded
        return fetcher

    monkeypatch.setattr(report_pdf, "static_only_fetcher", recording)
    kinds = [
        {"kind": "assessment", "assessment": world["second"]},
        {"kind": "assessment", "assessment": world["first"]},
        {"kind": "team", "team": team},
        {"kind": "organisation"},
    ]
    texts = []
    for kind in kinds:
        report = Report.objects.create(organisation=organisation, language=language, **kind)
        built = build.report_build(report.pk)
        assert (built.state, built.error) == ("done", "")
        texts.append(squeezed(pdf_text(built.file.read())))

    assert listener.requests == []
    assert set(asked) <= {"static:/css/report.css"}
    everything = "".join(texts)
    assert "root:x:0:0" not in everything
    assessment_text = texts[0]
    for markup in fetching_markup(listener.port):
        assert squeezed(markup) in assessment_text, markup  # shown, as text
    for link in fetching_world["links"]:
        assert link in assessment_text
    shown = {
        0: ["org", "mdl", "q2", "mem", "dim0", "dim1", "area0", "area1", "area2", "lvl1", "lvl2"]
        + ["chr1", "chr2", "chr3", "chr6", "chr8"],
        2: ["org", "q1", "q2", "dim0", "dim1"],
        3: ["org", "oteam", "dim0", "dim1", "area0", "area1", "area2"],
    }
    for report, tags in shown.items():
        missing = [tag for tag in tags if squeezed(hostile(tag)) not in texts[report]]
        assert missing == [], (kinds[report], missing)
    for report in (0, 1, 2, 3):
        assert squeezed(f'<img src="http://127.0.0.1:{listener.port}/team.png">') in texts[report]


def test_the_listener_does_count_what_it_is_asked_for(listener):
    """The proof above means something: a real fetch of that address is seen."""
    from urllib.request import urlopen

    with urlopen(f"http://127.0.0.1:{listener.port}/probe", timeout=5) as response:
        assert response.read() == b"root:x:0:0:FETCHED"
    assert listener.requests == ["/probe"]


def test_weasyprint_left_alone_would_fetch_from_the_listener(listener):
    """And WeasyPrint without our fetcher does load such an image: the fetcher is what stops it."""
    from weasyprint import HTML

    HTML(string=f'<img src="http://127.0.0.1:{listener.port}/x.png">').write_pdf()

    assert listener.requests == ["/x.png"]


@pytest.mark.parametrize(
    "address",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:1/x",
        "https://localhost/x",
        "http://169.254.169.254/latest/meta-data/",
        "data:text/plain,root:x:0:0",
        "static:/../../etc/passwd",
        "static:/css/../../../etc/passwd",
        "static:/%2e%2e/%2e%2e/etc/passwd",
        "static://etc/passwd",
        "static:/etc/passwd",
        "static:/css/report.css/../../settings.py",
        "static:/css/report.css\n",
        "static:/.hidden.css",
        "static:/css/report.css?x=1",
        "static:/js/charts.js",
        "static:/vendor/chartjs/chart.umd.min.js",
    ],
)
def test_the_fetcher_refuses_all_but_our_stylesheets_fonts_and_images(address):
    with pytest.raises(ValueError):
        report_pdf.static_only_fetcher().fetch(address)


# Spreadsheets


FORMULAS = [
    "=1+2",
    "+1+2",
    "-1+2",
    "@SUM(1,2)",
    "\t=1+2",
    '=HYPERLINK("http://evil.example","x")',
    "=cmd|' /C calc'!A0",
]


@pytest.fixture
def formula_labels(organisation, team, model_in_use_mini, member, manager):
    for day, label in enumerate([*FORMULAS, "2026 Q4", "Q\x01 bell"], start=1):
        assessment = services.assessment_start(
            team=team, model=model_in_use_mini, label=label, date=date(2026, 1, day), by=manager
        )
        answer_all(assessment, member, level=1)
        services.assessment_submit(assessment=assessment, by=manager)


@pytest.fixture
def model_in_use_mini(organisation, mini_model):
    organisation.models_in_use.add(mini_model)
    return mini_model


@pytest.mark.django_db
def test_csv_export_neutralises_formulas(client_for, manager, organisation, formula_labels):
    response = client_for(manager).get(url("reports:export", organisation.slug, "csv"))

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    labels = {row["label"] for row in rows}
    assert labels == {"'" + f for f in FORMULAS} | {"2026 Q4", "Q\x01 bell"}
    assert all(row["score"] and float(row["score"]) >= 0 for row in rows)


@pytest.mark.django_db
def test_xlsx_export_has_no_formulas_and_keeps_numbers(
    client_for, manager, organisation, formula_labels
):
    response = client_for(manager).get(url("reports:export", organisation.slug, "xlsx"))

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    labels = {row[header.index("label")].value for row in sheet.iter_rows(min_row=2)}
    assert labels == {"'" + f for f in FORMULAS} | {"2026 Q4", "Q bell"}
    scores = [row[header.index("score")].value for row in sheet.iter_rows(min_row=2)]
    assert all(isinstance(score, float | int) for score in scores)
