"""The organisation's PDF at hundreds of teams (issue 18): no heat-map pages, the compact team
table with one line per team, and a page count a reader can leaf through."""

import io
import re

import pytest
from pypdf import PdfReader

from bench.scale import seed_scale
from reports.contexts import HEATMAP_TEAMS
from reports.models import Report
from reports.pdf import build_pdf

pytestmark = pytest.mark.slow

TEAMS = 300


@pytest.fixture
def large(mlops):
    organisation, _created = seed_scale(slug="large", teams=TEAMS, assessments=2)
    return organisation


def test_the_organisation_report_of_300_teams_has_one_line_per_team_and_no_heat_map(large):
    assert TEAMS > HEATMAP_TEAMS
    report = Report(organisation=large, kind=Report.Kind.ORGANISATION, language="en")

    pages = [page.extract_text() for page in PdfReader(io.BytesIO(build_pdf(report))).pages]

    text = "\n".join(pages)
    assert "Teams and areas" not in text  # neither the heat map nor its entry in the contents
    assert "one line per team" in text
    lines = text.splitlines()
    for n in range(1, TEAMS + 1):
        name = f"Team {n:04d}"
        # The team's line: its name, the date of its latest assessment and its levels.
        found = [line for line in lines if line.startswith(name)]
        assert len(found) == 1, (name, found)
        assert re.fullmatch(rf"{name} \S+( [\d.,—]+){{6}}", found[0].strip()), found[0]
    # About 70 teams a page: the table takes 5 pages; before, heat maps and table took 16.
    assert len(pages) <= 14, len(pages)
