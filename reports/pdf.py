"""PDF reports: HTML from templates, charts as inline SVG, rendered by WeasyPrint.

`build_pdf(report)` is a plain function; `services.report_build` calls it. The renderer
loads nothing but our own static files: comments and evidence links written by users are
text in the report and are never fetched (no local files, no network).
"""

import mimetypes
import re
from collections.abc import Callable

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from reports import contexts
from reports.models import Report

STATIC_SCHEME = "static:"


# What a report may load: its stylesheet, fonts and images; never scripts, HTML or data files.
STATIC_SUFFIXES = (".css", ".woff", ".woff2", ".ttf", ".otf", ".png", ".jpg", ".jpeg", ".svg")
# Segments start with a letter, digit, "_" or "-": no "..", no hidden files, no empty segment.
STATIC_NAME = re.compile(r"[\w\-][\w.\-]*(?:/[\w\-][\w.\-]*)*", re.ASCII)


def static_only_fetcher():
    """A WeasyPrint URL fetcher that serves files found by the static files finders, by a plain
    relative name (no "..", no query, no other scheme), and refuses everything else: nothing
    from the network, nothing else from the disk."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(STATIC_SCHEME):
                raise ValueError(f"reports load only their own static files, not {url[:200]}")
            name = url.removeprefix(STATIC_SCHEME).lstrip("/")
            if not STATIC_NAME.fullmatch(name) or not name.lower().endswith(STATIC_SUFFIXES):
                raise ValueError(f"no static file {url[:200]}")
            try:
                path = finders.find(name)
            except SuspiciousFileOperation:
                path = None
            if not path:
                raise ValueError(f"no static file {url[:200]}")
            with open(path, "rb") as handle:
                body = handle.read()
            media_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": media_type})

    return StaticOnly(allowed_protocols=["static"])


# Tagged PDF/UA: screen readers read headings, lists and tables in order; the title, language
# and author come from base.html's <title>, <html lang> and <meta>.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}


def build_pdf(report: Report, progress: Callable[[int], None] = lambda percent: None) -> bytes:
    """The report's PDF as bytes, in the report's language."""
    with translation.override(report.language):
        html = render_html(report)
        progress(50)
        pdf = lay_out(html).write_pdf(**PDF_OPTIONS)
    progress(95)
    return pdf


def render_document(report: Report):
    """The report laid out in pages (WeasyPrint's Document), as build_pdf lays it out: for
    tests that look at where its boxes fell before writing it."""
    with translation.override(report.language):
        return lay_out(render_html(report))


def lay_out(html):
    from reports.renderer import ReportHTML

    document = ReportHTML(
        string=html, base_url=STATIC_SCHEME + "/", url_fetcher=static_only_fetcher()
    )
    return document.render(**PDF_OPTIONS)


def render_html(report: Report) -> str:
    builders = {
        Report.Kind.ASSESSMENT: contexts.assessment_context,
        Report.Kind.TEAM: contexts.team_context,
        Report.Kind.ORGANISATION: contexts.organisation_context,
        Report.Kind.ROUND: contexts.round_context,
    }
    context = builders[report.kind](report)
    context.update(
        report=report,
        generated=timezone.now(),
        organisation=report.organisation,
        page_footer=page_footer(),
    )
    return render_to_string(f"reports/pdf/{report.kind}.html", context)


def page_footer():
    """The words around the page numbers in the page footer, in the current language: "Page 3
    of 12" / "Seite 3 von 12", a translated sentence around the numbers, as (before, between,
    after). The template puts them on <body> and report.css takes them with `string-set`, so
    that no report carries inline CSS. A sentence that names the total first is read in the
    English order."""
    sentence = gettext("Page {page} of {pages}")
    parts = re.split(r"\{page\}|\{pages\}", sentence)
    if len(parts) != 3 or sentence.index("{page}") > sentence.index("{pages}"):
        parts = ["Page ", " of ", ""]
    return dict(zip(("before", "between", "after"), parts, strict=True))
