"""A team's PDF report has a section per model it has results of, each with its own areas,
latest result and trend."""

import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from reports import pdf
from reports.models import Report
from reports.team_context import team_context
from tests.several_models import two_models

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(organisation, team, mlops, mini_model, member, manager):
    two_models(organisation, team, mlops, mini_model, member=member, manager=manager)
    return Report(kind="team", team=team, organisation=organisation, language="en")


def test_each_model_has_its_own_section_with_its_latest_result_and_trend(report, mini_model):
    with translation.override("en"):
        context = team_context(report)

    sections = context["sections"]
    assert [s["model"] for s in sections][0] == mini_model  # the most recent result's first
    assert [s["latest"].label for s in sections] == ["Mini 2026 Q3", "ML 2026 Q2"]
    assert [s["previous"].label for s in sections] == ["Mini 2026 Q1", "ML 2026 Q1"]
    assert [[row[0].label for row in s["rows"]] for s in sections] == [
        ["Mini 2026 Q1", "Mini 2026 Q3"],
        ["ML 2026 Q1", "ML 2026 Q2"],
    ]
    assert context["summary"]["latest"].label == "Mini 2026 Q3"


def test_the_team_pdf_names_each_models_areas_in_its_section(report, mlops, mini_model):
    pages = PdfReader(io.BytesIO(pdf.build_pdf(report))).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)

    mini_heading = f"Results with {mini_model.name_en} 1"
    ml_heading = f"Results with {mlops.name_en} 1"
    assert mini_heading in text and ml_heading in text
    mini_part = text[text.index(mini_heading) : text.index(ml_heading)]
    ml_part = text[text.index(ml_heading) :]
    for name in ("Collaboration", "Delivery", "Monitoring", "Mini 2026 Q3"):
        assert name in mini_part and name not in ml_part
    for name in ("Model release", "Application integration", "ML 2026 Q2"):
        assert name in ml_part and name not in mini_part
