"""The reports' pages as a reader sees them (issue 18, part 3): the demo organisation's four
kinds of PDF (organisation, round, team, assessment) in German and English, rendered to PNG
with pdftoppm and checked by pixels: nothing in the right margin strip (no table or chart runs
off the page), nothing in the footer band but the page-number line; in WeasyPrint's layout, no
heading at a page's end; with pypdf, the German
"Teams" table keeps its last columns on the page of the team names. A model with 12 areas
(long German names) gets the same checks."""

import io
import re
import shutil
import subprocess
from datetime import date

import pytest
from django.core.management import call_command
from PIL import Image
from pypdf import PdfReader
from weasyprint.formatting_structure.boxes import BlockBox, MarginBox, ReplacedBox, TextBox

from accounts.models import Organisation
from assessments import services
from assessments.models import Assessment
from maturity.interchange import import_model
from maturity.models import MaturityModel
from reports import pdf as report_pdf
from reports.models import Report
from tests.factories import MembershipFactory, OrganisationFactory, TeamFactory, UserFactory

pytestmark = [
    # Rendering every page to PNG takes seconds per report: make test and CI, not make check.
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("pdftoppm") is None,
        reason="pdftoppm is missing: apt-get install poppler-utils (.ci/run installs it)",
    ),
]

DPI = 50
MM = DPI / 25.4  # pixels per millimetre
# report.css: @page margins 18mm 16mm 22mm; the footer line sits 8mm above the page's edge.
RIGHT_MARGIN_MM, BOTTOM_MARGIN_MM, FOOTER_LIFT_MM = 16, 22, 8
INK = 200  # a grey level below this is drawn (white paper is 255, anti-aliased edges above)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pages_png(data, folder, name):
    """The PDF's pages as greyscale images at DPI."""
    pdf = folder / f"{name}.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(folder / name)], check=True
    )
    pngs = sorted(folder.glob(f"{name}-*.png"), key=lambda path: int(path.stem.split("-")[-1]))
    return [Image.open(path).convert("L") for path in pngs]


def ink_rows(image, left, top, right, bottom):
    """The rows (y) in the box that have a drawn pixel."""
    box = image.crop((left, top, right, bottom))
    width = box.width
    pixels = box.tobytes()
    return [
        top + row for row in range(box.height) if min(pixels[row * width : (row + 1) * width]) < INK
    ]


def check_pages(images, what):
    """Nothing in the right margin strip; in the footer band only the page-number line."""
    assert images, what
    for number, image in enumerate(images, start=1):
        width, height = image.size
        # The right margin strip, less 2mm for anti-aliasing at the text's edge.
        strip = int(width - (RIGHT_MARGIN_MM - 2) * MM)
        drawn = ink_rows(image, strip, 0, width, height)
        assert not drawn, f"{what}, page {number}: drawn in the right margin at y={drawn[:5]}"
        # The footer band: everything below the content area.
        band_top = int(height - (BOTTOM_MARGIN_MM - 1) * MM)
        rows = ink_rows(image, 0, band_top, width, height)
        # Expected: one line of 8pt text whose baseline is FOOTER_LIFT_MM above the edge.
        line_top = height - (FOOTER_LIFT_MM + 4.5) * MM
        line_bottom = height - (FOOTER_LIFT_MM - 1.5) * MM
        assert rows, f"{what}, page {number}: no page-number line"
        outside = [row for row in rows if not line_top <= row <= line_bottom]
        assert not outside, f"{what}, page {number}: drawn in the footer band at y={outside[:5]}"


def leaves(box):
    """The text and replaced (image, chart) boxes under `box`, the page margins left out."""
    if isinstance(box, MarginBox):
        return
    if isinstance(box, TextBox | ReplacedBox):
        yield box
    for child in getattr(box, "children", ()):
        yield from leaves(child)


def headings(box):
    if isinstance(box, BlockBox) and box.element_tag in ("h1", "h2", "h3", "h4"):
        yield box
    elif not isinstance(box, MarginBox):
        for child in getattr(box, "children", ()):
            yield from headings(child)


def check_headings(document, what):
    """No heading ends a page: something of the page's flow (text, a table, a chart) follows
    each heading on its page."""
    for number, page in enumerate(document.pages, start=1):
        below = [leaf.position_y for leaf in leaves(page._page_box)]
        for heading in headings(page._page_box):
            bottom = heading.position_y + heading.margin_height()
            title = " ".join(leaf.text for leaf in leaves(heading) if isinstance(leaf, TextBox))
            assert any(y >= bottom - 0.5 for y in below), (
                f"{what}, page {number}: {title!r} ends it"
            )


def checked_pdf(report, folder, name):
    """The report's PDF as build_pdf writes it, after checking its layout's headings; its
    pages as images."""
    document = report_pdf.render_document(report)
    check_headings(document, name)
    data = document.write_pdf(**report_pdf.PDF_OPTIONS)
    return data, pages_png(data, folder, name)


def unbroken(text):
    """Page text with hyphenated words joined again ("Techno‐\\nlogie" → "Technologie")."""
    return re.sub(r"[‐\-\u00ad]\n", "", text)


def flat(text):
    return " ".join(unbroken(text).split())


def teams_page(data, team_names, headings):
    """The text of the page holding the "Teams" table's rows and last column headings, with
    hyphenated words joined and lines flattened (long team names wrap in their cell)."""
    reader = PdfReader(io.BytesIO(data))
    for page in reversed(reader.pages):
        text = flat(page.extract_text())
        if all(name in text for name in [*team_names, *headings]):
            return text
    pytest.fail(f"no page holds every team name with {headings}")


def numbers_after(text, name, names):
    """The scores in the table row of `name`: the numbers up to the next team's name."""
    start = text.rindex(name) + len(name)
    ends = [text.find(other, start) for other in names if text.find(other, start) > 0]
    row = text[start : min(ends, default=len(text))]
    return re.findall(r"(?<![\d.,/])\d+[,.]\d(?![\d.,/])|—", row)


def demo_reports():
    organisation = Organisation.objects.get(slug="demo")
    fraud = organisation.teams.get(slug="fraud-ml")
    assessment = (
        Assessment.objects.filter(team=fraud, state="submitted").order_by("-date", "-pk").first()
    )
    return organisation, {
        "organisation": {},
        "round": {"round": organisation.rounds.order_by("-opens_on").first()},
        "team": {"team": fraud},
        "assessment": {"assessment": assessment},
    }


@pytest.mark.parametrize("language", ["de", "en"])
def test_demo_report_pages_stay_inside_the_page(db, tmp_path, language):
    call_command("load_models", verbosity=0)
    call_command("seed_demo", verbosity=0)
    organisation, kinds = demo_reports()
    for kind, subject in kinds.items():
        report = Report(kind=kind, organisation=organisation, language=language, **subject)
        data, images = checked_pdf(report, tmp_path, f"{kind}-{language}")
        check_pages(images, f"{kind} ({language})")
        if kind != "organisation":
            continue
        names = list(organisation.teams.values_list("name", flat=True))
        last = {"de": ["Technologie", "Gesamt"], "en": ["Technology", "Overall"]}[language]
        text = teams_page(data, names, last)
        for name in names:
            # Latest date aside, one number per area (5) and the overall score.
            assert len(numbers_after(text, name, names)) == 6, (name, text)


AREA_NAMES = [
    ("Anwendungsintegration", "Application integration"),
    ("Datenqualitätsmanagement", "Data quality management"),
    ("Modellüberwachung im Betrieb", "Model monitoring in operation"),
    ("Prozesse/Strukturen", "Processes/structures"),
    ("Sicherheitsarchitektur", "Security architecture"),
    ("Verantwortlichkeiten", "Responsibilities"),
    ("Infrastrukturautomatisierung", "Infrastructure automation"),
    ("Versionsverwaltung", "Version control"),
    ("Experimentverfolgung", "Experiment tracking"),
    ("Rückverfolgbarkeit", "Traceability"),
    ("Kostenverantwortung", "Cost ownership"),
    ("Wissensaustausch", "Knowledge sharing"),
]


def twelve_area_model():
    """A published model with 12 areas of long German names in 3 dimensions, 3 levels."""
    dimensions = [
        {"key": key, "name": {"de": de, "en": en}}
        for key, de, en in [
            ("organisation", "Organisation und Verantwortung", "Organisation"),
            ("daten", "Daten und Modelle", "Data and models"),
            ("betrieb", "Betrieb und Infrastruktur", "Operations"),
        ]
    ]
    areas, characteristics = [], []
    for index, (de, en) in enumerate(AREA_NAMES):
        key = f"area-{index}"
        dimension = dimensions[index % 3]["key"]
        areas.append({"key": key, "dimension": dimension, "name": {"de": de, "en": en}})
        for level in range(3):
            characteristics.append(
                {
                    "key": f"{key}.{level}.1",
                    "area": key,
                    "level": level,
                    "text": {"de": f"{de} Stufe {level}", "en": f"{en} level {level}"},
                }
            )
    levels = [
        {
            "number": number,
            "name": {"de": de, "en": en},
            "title": {"de": de, "en": en},
            "description": {"de": "", "en": ""},
            "highlights": [],
        }
        for number, de, en in [
            (0, "Anfang", "Initial"),
            (1, "Geübt", "Practised"),
            (2, "Vorbildlich", "Exemplary"),
        ]
    ]
    data = {
        "slug": "twelve-areas",
        "version": "1",
        "name": {"de": "Zwölf Bereiche", "en": "Twelve areas"},
        "description": {"de": "Ein Testmodell.", "en": "A test model."},
        "source": "tests",
        "dimensions": dimensions,
        "areas": areas,
        "levels": levels,
        "characteristics": characteristics,
    }
    return import_model(data, status=MaturityModel.Status.PUBLISHED)


@pytest.mark.parametrize("language", ["de", "en"])
def test_organisation_report_with_twelve_areas_fits_the_width(db, tmp_path, language):
    model = twelve_area_model()
    organisation = OrganisationFactory()
    organisation.models_in_use.add(model)
    manager = UserFactory()
    MembershipFactory(user=manager, organisation=organisation, role="manager")
    names = ["Betrugserkennung Kartenzahlungen", "Empfehlungssysteme", "Plattform"]
    for number, name in enumerate(names):
        team = TeamFactory(organisation=organisation, name=name)
        assessment = services.assessment_start(
            team=team, model=model, label="2026 Q4", date=date(2026, 11, 20), by=manager
        )
        for index in range(len(AREA_NAMES)):
            services.answer_record(
                assessment=assessment,
                respondent=manager,
                area_key=f"area-{index}",
                level=(index + number) % 3,
            )
        services.assessment_submit(assessment=assessment, by=manager)
    report = Report(kind="organisation", organisation=organisation, language=language)

    data, images = checked_pdf(report, tmp_path, f"twelve-{language}")

    check_pages(images, f"12 areas ({language})")
    # The area headings wrap inside their narrow columns; the overall column is the last.
    text = teams_page(data, names, [{"de": "Gesamt", "en": "Overall"}[language]])
    for name in names:
        assert len(numbers_after(text, name, names)) == len(AREA_NAMES) + 1, (name, text)


def test_tall_and_wide_charts_are_scaled_into_the_page(settings, tmp_path):
    """A heat map taller than a page (60 teams) and one wider than the text (12 turned German
    area names) shrink to fit: nothing reaches the right margin or the footer band."""
    from django.utils import translation
    from weasyprint import HTML

    from tests.dashboards.mlops_scale import charts

    with translation.override("de"):
        tall = charts.heatmap(
            [f"Team mit langem Namen {number}" for number in range(60)],
            [de for de, _ in AREA_NAMES[:4]],
            [[number % 5] * 4 for number in range(60)],
            title="Teams und Bereiche",
        )
        wide = charts.heatmap(
            ["Betrugserkennung Kartenzahlungen"],
            [de for de, _ in AREA_NAMES],
            [list(range(12))],
            max_value=12,
            title="Bereiche",
        )
    html = (
        '<html lang="de"><head><link rel="stylesheet" href="static:/css/report.css"></head>'
        f'<body><h1>Diagramme</h1><div class="chart">{wide}</div>'
        f'<h2>Teams und Bereiche</h2><div class="chart">{tall}</div></body></html>'
    )
    data = HTML(
        string=html, base_url="static:/", url_fetcher=report_pdf.static_only_fetcher()
    ).write_pdf()
    check_pages(pages_png(data, tmp_path, "charts"), "tall and wide charts")


def test_the_heading_check_finds_a_heading_left_at_a_page_end():
    from reports.renderer import ReportHTML

    stranded = ReportHTML(
        string="<h2>Kept</h2><p>Text</p><h2>Alone</h2><p style='break-before: page'>Next</p>"
    ).render()
    kept = ReportHTML(string="<h2>Kept</h2><p>Text</p>").render()

    with pytest.raises(AssertionError, match="'Alone' ends it"):
        check_headings(stranded, "stranded")
    check_headings(kept, "kept")
