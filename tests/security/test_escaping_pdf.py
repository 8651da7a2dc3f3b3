"""PDF reports show what users wrote as text and fetch nothing a user wrote: no local file,
no address on this machine or the cloud's metadata service."""

import http.server
import io
import re
import threading

import pytest
from pypdf import PdfReader

from assessments.models import Answer
from reports import build
from reports import pdf as report_pdf
from reports.models import Report
from tests.security.hostile import (  # noqa: F401
    AREAS,
    LINK,
    MARKUP,
    answer_all,
    escaped,
    hostile,
    hostile_model,
)

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
    """Without spaces, and without the hyphens (U+2010) that hyphenation adds where a long
    word in a table cell wraps: what is written, as the reader reads it."""
    return re.sub(r"[\s\u2010]+", "", text)


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
    assert set(asked) <= {
        "static:/css/report.css",
        "static:/css/report-summary.css",
        "static:/css/report-assessment.css",
        "static:/css/report-compact.css",
    }
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
