"""A model of many areas in the organisation's PDF (issue 21, item 3): the heat map is split
into groups of areas that fit the page's width, each repeating the team names, and the team
table into parts of at most TEAM_TABLE_AREAS areas; every area name is in the PDF."""

import io
import re
import xml.etree.ElementTree as ET

import pytest
from pypdf import PdfReader

from accounts.models import Organisation
from dashboards import charts
from reports import contexts
from reports.models import Report
from tests.any_models import any_model, area_names, assessed_teams
from tests.factories import OrganisationFactory
from tests.reports.test_report_pages import check_pages, checked_pdf, flat

TEAMS = ["Betrugserkennung Kartenzahlungen", "Empfehlungssysteme", "Plattform"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def svg_width(svg):
    return float(ET.fromstring(str(svg)).get("width"))


def organisation_with(areas, levels=10, teams=TEAMS) -> Organisation:
    organisation = OrganisationFactory()
    model = any_model(slug=f"areas-{areas}", levels=levels, areas=areas, dimensions=1)
    assessed_teams(organisation, model, teams)
    return organisation


@pytest.mark.parametrize("areas", [5, 15, 60])
def test_column_chunks_fit_the_page_and_cover_every_area(areas):
    names = [en for _de, en in area_names(areas)]
    chunks = charts.column_chunks(TEAMS, names, max_width=contexts.PAGE_WIDTH_PX, max_value=9)

    assert chunks[0][0] == 0 and chunks[-1][1] == areas
    assert all(
        stop == following for (_s, stop), (following, _t) in zip(chunks, chunks[1:], strict=False)
    )
    for start, stop in chunks:
        drawn = charts.heatmap(
            TEAMS, names[start:stop], [[1] * (stop - start)] * 3, max_value=9, title="t"
        )
        assert svg_width(drawn) <= contexts.PAGE_WIDTH_PX
    # As many areas as fit (not one a page), the parts about equal where they fit so.
    sizes = [stop - start for start, stop in chunks]
    assert min(sizes[:-1], default=areas) >= 5
    if areas == 15:
        assert sizes == [8, 7]


@pytest.mark.django_db
def test_organisation_context_splits_the_heat_map_and_the_team_table():
    organisation = organisation_with(15)

    context = contexts.organisation_context(
        Report(kind="organisation", organisation=organisation, language="en")
    )

    assert len(context["heatmaps"]) >= 2
    for svg in context["heatmaps"]:
        assert svg_width(svg) <= contexts.PAGE_WIDTH_PX
        root = ET.fromstring(str(svg))
        labels = [el for el in root.iter() if (el.get("class") or "") == "label"]
        assert len(labels) == len(TEAMS)  # each part repeats the team names
    tables = context["team_tables"]
    assert [len(part["areas"]) for part in tables] == [8, 7]
    assert [part["first"] for part in tables] == [True, False]
    assert [part["last"] for part in tables] == [False, True]
    assert all(len(part["rows"]) == len(TEAMS) for part in tables)


@pytest.mark.django_db
def test_a_model_of_few_areas_keeps_one_heat_map_and_one_table():
    organisation = organisation_with(5, levels=4)

    context = contexts.organisation_context(
        Report(kind="organisation", organisation=organisation, language="en")
    )

    assert len(context["heatmaps"]) == 1
    assert len(context["team_tables"]) == 1


@pytest.mark.slow
@pytest.mark.parametrize(("areas", "language"), [(15, "en"), (15, "de"), (60, "en")])
def test_organisation_pdf_of_many_areas_stays_inside_the_page(db, tmp_path, areas, language):
    organisation = organisation_with(areas)
    report = Report(kind="organisation", organisation=organisation, language=language)

    data, images = checked_pdf(report, tmp_path, f"wide-{areas}-{language}")

    check_pages(images, f"{areas} areas ({language})")
    text = flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))
    joined = re.sub(r"\s+", "", text)
    for de, en in area_names(areas):
        name = {"de": de, "en": en}[language]
        # Headings in narrow columns wrap (and hyphenate): compare without spaces.
        assert re.sub(r"\s+", "", name) in joined, name
    for team in TEAMS:
        assert team in text
