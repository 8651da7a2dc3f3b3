"""The organisation's PDF says where to invest: the common gaps of the page, per area."""

import io

import pytest
from pypdf import PdfReader

from maturity.models import Characteristic
from reports import pdf as report_pdf
from reports.contexts import GAPS_PER_AREA
from reports.models import Report
from tests.plans.gap_helpers import action, submit


def pdf_text(data):
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_organisation_report_says_where_to_invest(
    organisation, team, other_team, model_in_use, manager
):
    submit(team, model_in_use, manager, level=1, ticked=["people.2.1"])
    submit(other_team, model_in_use, manager, level=1)
    action(team, model_in_use, "people.2.2", manager)
    report = Report(kind="organisation", organisation=organisation, language="en")

    html = report_pdf.render_html(report)
    text = pdf_text(report_pdf.build_pdf(report))

    people = Characteristic.objects.get(model=model_in_use, key="people.2.2")
    assert "Where to invest" in text
    assert 'class="gap-count">2</span>' in html  # the count beside its bar, shared with the page
    words = " ".join(people.text_en.split()[:4])
    assert words in text
    assert "2 (100 %)" in text and "Forecasting, Fraud ML action" in text
    assert html.count('class="gaps-area"') == 5
    assert html.count("<tr>") >= 5


def test_each_area_shows_its_most_common_gaps_only(organisation, team, model_in_use, manager):
    submit(team, model_in_use, manager, level=0)
    report = Report(kind="organisation", organisation=organisation, language="en")

    html = report_pdf.render_html(report)

    assert html.count('class="gap-count"') <= 5 * GAPS_PER_AREA
    assert "/o/acme/" not in html  # no links in print


def test_without_results_the_report_says_there_are_no_common_gaps(organisation, model_in_use):
    report = Report(kind="organisation", organisation=organisation, language="en")

    assert "No common gaps" in report_pdf.render_html(report)
