import csv
import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from assessments import selectors, services
from reports import build
from reports import pdf as report_pdf
from reports import services as report_services
from reports.exports import results_csv
from reports.models import Report
from tests.answers import answer_everything
from tests.factories import MembershipFactory, TeamFactory, UserFactory


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def submitted(assessment, member, manager):
    answer_everything(assessment, member, level=2)
    services.answer_record(
        assessment=assessment,
        respondent=member,
        area_key="technology",
        level=2,
        ticked=["technology.3.1"],
        comment="A/B tests <img src='http://127.0.0.1:1/x'>",
        evidence=["http://127.0.0.1:1/secret"],
    )
    services.assessment_submit(assessment=assessment, by=manager)
    assessment.refresh_from_db()
    return assessment


def order(client, organisation, **data):
    return client.post(reverse("reports:order", args=[organisation.slug]), data)


def download(client, report):
    return client.get(reverse("reports:download", args=[report.organisation.slug, report.pk]))


@pytest.mark.django_db
def test_assessment_report_in_german_names_team_levels_and_scores(
    client_for, member, organisation, submitted, django_capture_on_commit_callbacks
):
    client = client_for(member)
    with django_capture_on_commit_callbacks(execute=True):
        order(
            client,
            organisation,
            kind="assessment",
            assessment=f"fraud-ml/{submitted.pk}",
            language="de",
        )

    report = Report.objects.get()
    assert (report.state, report.progress, report.ordered_by) == ("done", 100, member)
    response = download(client, report)
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="fraud-ml-2026-q4-assessment-de.pdf"'
    )
    text = pdf_text(b"".join(response.streaming_content))
    assert "Fraud ML" in text
    for area in (
        "Personen",
        "Modellerstellung",
        "Modellfreigabe",
        "Anwendungsintegration",
        "Technologie",
    ):
        assert area in text
    assert "Automatisiertes Training" in text  # level 2's name in German
    assert "2,5" in text  # technology: level 2 and half of level 3's new characteristics
    result = selectors.result(submitted)
    with translation.override("de"):
        display = selectors.ModelDisplay(submitted.model)
        for key, area in result.areas.items():
            score = f"{area.score:.1f}".replace(".", ",")
            level_name = display.levels[area.reached].name
            line = (
                f"{display.areas[key].name}: Stufe {area.reached} ({level_name}), Punktzahl {score}"
            )
            assert line in " ".join(text.split()), line


@pytest.mark.django_db
def test_team_and_organisation_reports_in_english(
    client_for, manager, organisation, submitted, django_capture_on_commit_callbacks
):
    client = client_for(manager)
    with django_capture_on_commit_callbacks(execute=True):
        order(client, organisation, kind="team", team="fraud-ml", language="en")
        order(client, organisation, kind="organisation", language="en")

    team_report, org_report = Report.objects.order_by("pk")
    team_text = pdf_text(team_report.file.read())
    org_text = pdf_text(org_report.file.read())
    assert "Fraud ML" in team_text and "Over time" in team_text
    assert "Contents" in org_text and "Teams and areas" in org_text and "Fraud ML" in org_text
    assert len(PdfReader(org_report.file.path).pages) >= 3


@pytest.mark.django_db
def test_comments_are_text_and_nothing_outside_our_static_files_is_fetched(submitted, monkeypatch):
    fetched = []
    original = report_pdf.static_only_fetcher

    def spying():
        fetcher = original()
        fetch = fetcher.fetch

        def recording(url, headers=None):
            fetched.append(url)
            return fetch(url, headers)

        fetcher.fetch = recording
        return fetcher

    monkeypatch.setattr(report_pdf, "static_only_fetcher", spying)
    report = Report(
        kind="assessment",
        assessment=submitted,
        organisation=submitted.team.organisation,
        language="en",
    )

    html = report_pdf.render_html(report)
    pdf = report_pdf.build_pdf(report)

    assert "&lt;img src=" in html and "<img src=" not in html
    assert fetched == [
        "static:/css/report.css",
        "static:/css/report-summary.css",
        "static:/css/report-assessment.css",
    ]
    assert "http://127.0.0.1:1/secret" in pdf_text(pdf)  # shown as text, never requested


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "http://127.0.0.1:1/x", "static:/../../etc/passwd"]
)
def test_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(ValueError):
        report_pdf.static_only_fetcher().fetch(url)


def test_fetcher_serves_our_stylesheet():
    response = report_pdf.static_only_fetcher().fetch("static:/css/report.css")
    assert b"@page" in response.read()


@pytest.mark.django_db
def test_download_is_refused_to_outsiders_and_other_teams(
    client_for, organisation, outsider, submitted
):
    report = report_services.report_order(
        organisation=organisation, kind="assessment", assessment=submitted, by=None, language="en"
    )
    build.report_build(report.pk)
    stranger = UserFactory()
    MembershipFactory(
        user=stranger,
        organisation=organisation,
        role="viewer",
        teams=[TeamFactory(organisation=organisation)],
    )

    assert download(client_for(outsider), report).status_code == 404
    assert download(client_for(stranger), report).status_code == 404
    listing = client_for(stranger).get(reverse("reports:list", args=["acme"]))
    assert list(listing.context["page"].object_list) == []


@pytest.mark.django_db
def test_members_cannot_order_the_organisation_report(client_for, member, organisation, submitted):
    assert order(client_for(member), organisation, kind="organisation").status_code == 403
    assert (
        order(client_for(member), organisation, kind="team", team="forecasting").status_code == 404
    )
    assert not Report.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("pk", ["²", "0" * 5_000, str(2**64), ""])
def test_an_assessment_id_that_is_no_number_orders_nothing(
    client_for, manager, organisation, submitted, pk
):
    """str.isdigit() says yes to "²" and to 5,000 digits, which int() refuses: a 404."""
    response = order(
        client_for(manager),
        organisation,
        kind="assessment",
        assessment=f"{submitted.team.slug}/{pk}",
    )

    assert response.status_code == 404
    assert not Report.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [{"kind": "team", "team": "fraud\x00ml"}, {"kind": "assessment", "assessment": "a\x00/1"}],
)
def test_a_team_with_nul_in_its_name_is_no_such_team(
    client_for, manager, organisation, submitted, data
):
    """PostgreSQL cannot compare a text with NUL: a 404, not a server error."""
    assert order(client_for(manager), organisation, **data).status_code == 404
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_progress_row_shows_the_state_and_never_polls_itself(
    client_for, manager, organisation, submitted
):
    """The page polls once for all its reports (tests/reports/test_polling.py)."""
    report = report_services.report_order(
        organisation=organisation, kind="team", team=submitted.team, by=manager, language="en"
    )
    url = reverse("reports:progress", args=["acme", report.pk])
    client = client_for(manager)

    queued = client.get(url).content.decode()
    assert "hx-trigger" not in queued and "Queued" in queued
    build.report_build(report.pk)
    done = client.get(url).content.decode()
    assert "hx-trigger" not in done and "Download PDF" in done


@pytest.mark.django_db
def test_failed_render_says_why_and_can_be_ordered_again(
    client_for, manager, organisation, submitted, monkeypatch
):
    report = report_services.report_order(
        organisation=organisation, kind="team", team=submitted.team, by=manager, language="en"
    )

    def broken(report, progress=None):
        raise RuntimeError("the font is gone")

    with monkeypatch.context() as patch:
        patch.setattr(build, "build_pdf", broken)
        build.report_build(report.pk)
    report.refresh_from_db()
    assert report.state == "failed" and "the font is gone" in report.error
    assert download(client_for(manager), report).status_code == 404

    client_for(manager).post(reverse("reports:retry", args=["acme", report.pk]))
    build.report_build(report.pk)
    report.refresh_from_db()
    assert report.state == "done"


@pytest.mark.django_db
def test_building_twice_builds_once(organisation, submitted, monkeypatch):
    report = report_services.report_order(
        organisation=organisation, kind="team", team=submitted.team, by=None, language="en"
    )
    build.report_build(report.pk)
    first = Report.objects.get().file.name

    monkeypatch.setattr(build, "build_pdf", lambda *a, **k: pytest.fail("built again"))
    build.report_build(report.pk)
    assert Report.objects.get().file.name == first


@pytest.mark.django_db
def test_a_report_without_a_subject_fails_with_a_message(organisation, team):
    report = report_services.report_order(
        organisation=organisation, kind="team", team=team, by=None, language="en"
    )

    build.report_build(report.pk)

    report.refresh_from_db()
    assert report.state == "failed"
    assert "no submitted assessment" in report.error


@pytest.mark.django_db
def test_unavailable_queue_marks_the_report_failed(
    organisation, team, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from reports import tasks

    def refuse(*args, **kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(tasks.build_report, "delay", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_services.report_order(
            organisation=organisation, kind="team", team=team, by=None, language="en"
        )

    report.refresh_from_db()
    assert report.state == "failed"
    assert "queue is unavailable" in report.error


@pytest.mark.django_db
def test_build_report_command(tmp_path, submitted):
    output = tmp_path / "team.pdf"
    call_command(
        "build_report", "--team", "acme/fraud-ml", "--lang", "de", "-o", str(output), verbosity=0
    )

    assert "Fraud ML" in pdf_text(output.read_bytes())
    with pytest.raises(CommandError, match="No team"):
        call_command("build_report", "--team", "acme/nope", "-o", str(output))


@pytest.mark.django_db
def test_old_reports_are_removed_with_their_files(organisation, submitted, settings):
    report = report_services.report_order(
        organisation=organisation, kind="team", team=submitted.team, by=None, language="en"
    )
    build.report_build(report.pk)
    path = Report.objects.get().file.path
    Report.objects.update(
        created_at=timezone.now() - timedelta(days=settings.REPORT_RETENTION_DAYS + 1)
    )

    call_command("cleanup_reports", verbosity=0)

    assert not Report.objects.exists()
    import os

    assert not os.path.exists(path)


@pytest.mark.django_db
def test_csv_and_xlsx_exports_match_export_results(
    client_for, manager, member, organisation, submitted
):
    from openpyxl import load_workbook

    client = client_for(manager)
    csv_response = client.get(reverse("reports:export", args=["acme", "csv"]))
    xlsx_response = client.get(reverse("reports:export", args=["acme", "xlsx"]))

    assert csv_response.getvalue().decode() == results_csv(organisation)
    rows = list(csv.reader(io.StringIO(results_csv(organisation))))
    sheet = load_workbook(io.BytesIO(xlsx_response.getvalue())).active

    def same(value):
        try:
            return float(value)
        except (TypeError, ValueError):
            return "" if value is None else str(value)

    cells = [[same(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert cells == [[same(v) for v in row] for row in rows]
    assert client.get(reverse("reports:export", args=["acme", "pdf"])).status_code == 404
    assert (
        client_for(member).get(reverse("reports:export", args=["acme", "csv"])).status_code == 403
    )


@pytest.mark.django_db
def test_the_pdf_roadmap_says_what_the_results_page_says_when_the_next_level_is_in_place(
    assessment, member, organisation, client_for, manager
):
    """One roadmap partial: the PDF once said "adds nothing new" where the page said done."""
    from tests.answers import MODEL_CREATION_1_TO_2

    answer_everything(assessment, member, level=1)
    services.answer_record(
        assessment=assessment,
        respondent=member,
        area_key="model-creation",
        level=1,
        ticked=MODEL_CREATION_1_TO_2,
    )
    done = "Everything new at the next level is in place"
    page = client_for(manager).get(
        reverse("assessments:detail", args=[organisation.slug, assessment.team.slug, assessment.pk])
    )
    report = Report(
        kind="assessment", organisation=organisation, assessment=assessment, language="en"
    )

    assert done in page.content.decode()
    assert done in " ".join(pdf_text(report_pdf.build_pdf(report)).split())


def test_the_roadmap_markup_exists_once():
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    holding = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if "Everything new at the next level is in place" in path.read_text()
    ]

    assert holding == ["assessments/partials/roadmap.html"]
