"""The organisation's and a round's PDFs at 1,000 teams, in German and English (issue 18): no
heat-map pages, the compact team table with one line per team, "Teams below target" one line per
team, a page count a reader can leaf through, no heading alone at a page's end, and every page
within its margins (rendered to PNG, the pixel checks of test_report_pages). One PDF per kind
and language, read both ways."""

import io
import re
import shutil

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext
from pypdf import PdfReader

from bench.reports import build
from reports.contexts import BELOW_TARGET_ROWS, HEATMAP_TEAMS
from reports.models import Report
from rounds.models import Round
from tests.reports.test_report_pages import check_pages, checked_pdf

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("pdftoppm") is None,
        reason="pdftoppm is missing: apt-get install poppler-utils (.ci/run installs it)",
    ),
]

TEAMS = 1000  # bench/reports.py's organisation; two quarters of history each
LOW_RESOLUTION = 40  # dpi: the checks need no more, and 1,000 teams make two dozen pages
# About 70 teams a page: the team table takes 15 pages; heat maps and table would take 50.
MAX_PAGES = 26
TEAM_LINE = r"{name} \S+( [\d.,—]+){{6}}"  # its name, its latest date and its levels


@pytest.fixture
def large(mlops):
    # bench/scale.py's teams and assessments, targets of level 2 in two dimensions for every
    # fifth team, a round of every team's latest assessment.
    organisation, _created = build("large", TEAMS, 2)
    return organisation


@pytest.fixture
def low_resolution(monkeypatch):
    monkeypatch.setattr("tests.reports.test_report_pages.DPI", LOW_RESOLUTION)
    monkeypatch.setattr("tests.reports.test_report_pages.MM", LOW_RESOLUTION / 25.4)


def pages_of(data):
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def lines_of(pages):
    return [line.strip() for line in "\n".join(pages).splitlines()]


def note_start(note):
    """The first words of a note, as pypdf reads them from one line of the page."""
    return " ".join(note.split()[:4])


def below_target_pages(pages, language):
    """The pages of "Teams below target": from its note to the page before "Where to invest"
    (which starts a page of its own)."""
    with translation.override(language):
        note = ngettext(
            "One line per team: each dimension below its target with the level reached → the "
            "target (listed one per line up to %(limit)s row).",
            "One line per team: each dimension below its target with the level reached → the "
            "target (listed one per line up to %(limit)s rows).",
            BELOW_TARGET_ROWS,
        )
        invest = gettext("Where to invest")
    start = next(n for n, text in enumerate(pages) if note_start(note) in " ".join(text.split()))
    end = next(n for n in range(start + 1, len(pages)) if invest in pages[n])
    return pages[start:end]


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_organisation_report_of_1000_teams(large, language, low_resolution, tmp_path):
    assert TEAMS > HEATMAP_TEAMS
    report = Report(organisation=large, kind=Report.Kind.ORGANISATION, language=language)

    data, images = checked_pdf(report, tmp_path, f"organisation-{language}")  # no heading alone

    pages = pages_of(data)
    lines = lines_of(pages)
    with translation.override(language):
        heat_map = gettext("Teams and areas")
    # Neither the heat map's heading nor its line in the contents (the note may name it).
    assert not [line for line in lines if line.startswith(heat_map)], heat_map
    assert len(pages) <= MAX_PAGES, len(pages)
    for n in range(1, TEAMS + 1):
        name = f"Team {n:04d}"
        found = [line for line in lines if re.fullmatch(TEAM_LINE.format(name=name), line)]
        assert len(found) == 1, (name, [line for line in lines if line.startswith(name)])
    # Targets of level 2 in "process" and "technology" for every fifth team: more rows than the
    # limit, so one line per team, with both dimensions on it when both are below.
    below = below_target_pages(pages, language)
    grouped = [line for line in lines_of(below) if re.fullmatch(r"Team \d{4} .*\d→\d", line)]
    assert len(grouped) > BELOW_TARGET_ROWS / 2, below[:1]
    assert len({line.split()[1] for line in grouped}) == len(grouped)  # one line per team
    assert any(line.count("→") == 2 for line in grouped), grouped[:5]
    assert len(below) <= 4, len(below)  # one row per team and dimension: 8 pages at this size
    check_pages(images, f"organisation report ({language})")


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_round_report_of_1000_teams(large, language, low_resolution, tmp_path):
    round_ = Round.objects.get(organisation=large, label="Bench round")
    report = Report(organisation=large, kind=Report.Kind.ROUND, round=round_, language=language)

    data, images = checked_pdf(report, tmp_path, f"round-{language}")  # no heading alone

    pages = pages_of(data)
    flat = " ".join(" ".join(pages).split())
    with translation.override(language):
        submitted = ngettext(
            "%(submitted)s of %(counter)s team submitted",
            "%(submitted)s of %(counter)s teams submitted",
            TEAMS,
        ) % {"submitted": TEAMS, "counter": TEAMS}
        only_open = ngettext(
            "Teams that have not submitted, one line each (every team is listed up to "
            "%(limit)s team; each submitted team has its date in the team table).",
            "Teams that have not submitted, one line each (every team is listed up to "
            "%(limit)s teams; each submitted team has its date in the team table).",
            HEATMAP_TEAMS,
        ) % {"limit": HEATMAP_TEAMS}
    assert submitted in flat
    assert note_start(only_open) in flat  # the teams not submitted (none) instead of every team
    assert len(pages) <= MAX_PAGES, len(pages)
    for n in (1, 500, TEAMS):
        assert f"Team {n:04d}" in flat
    check_pages(images, f"round report ({language})")
