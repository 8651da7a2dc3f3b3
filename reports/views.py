"""Ordering PDF reports, watching their progress, and downloading them (never a public URL)."""

import tempfile
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import get_team_or_404, not_a_post, organisation_view, visible_teams
from assessments import selectors
from assessments.permissions import get_assessment_or_404
from plans.forms_gaps import gap_filters
from plans.gaps import common_gaps
from reports import services
from reports.build import report_file_name
from reports.errors import ReportError
from reports.exports import results_csv_chunks, results_xlsx
from reports.gaps_exports import gaps_csv, gaps_xlsx
from reports.models import Report
from rounds.permissions import get_round_or_404


def visible_reports(user, organisation):
    """Reports about what the user may see: their teams' and, for managers, all."""
    reports = Report.objects.filter(organisation=organisation)
    if user.has_perm("reports.view_all_reports", organisation):
        return reports
    teams = visible_teams(user, organisation, include_archived=True)
    return reports.filter(Q(team__in=teams) | Q(assessment__team__in=teams))


def _report_or_404(request, organisation, pk):
    report = (
        visible_reports(request.user, organisation)
        .select_related("team", "assessment__team", "round", "model")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404("No such report")
    return report


@organisation_view()
def report_list(request, organisation):
    page = Paginator(
        visible_reports(request.user, organisation).select_related(
            "team", "assessment__team", "round", "model", "ordered_by"
        ),
        25,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/report_list.html",
        {
            "organisation": organisation,
            "page": page,
            "watch": [report.pk for report in page.object_list if not report.finished],
            "can_order_organisation": request.user.has_perm(
                "reports.order_organisation_report", organisation
            ),
            "models": list(selectors.models_for(organisation)),
        },
    )


def _model_or_404(organisation, pk):
    """One of the models the organisation uses (none given: None, the report takes the first)."""
    if not pk:
        return None
    model = next((m for m in selectors.models_for(organisation) if str(m.pk) == pk), None)
    if model is None:
        raise Http404("No such model")
    return model


@organisation_view()
@require_POST
def report_order(request, organisation):
    kind = request.POST.get("kind")
    subject = {}
    if kind == Report.Kind.TEAM:
        subject["team"] = get_team_or_404(request.user, organisation, request.POST.get("team", ""))
    elif kind == Report.Kind.ASSESSMENT:
        team_slug, _sep, pk = request.POST.get("assessment", "").partition("/")
        # An id is a few ASCII digits: isdigit() alone lets "²" and 5,000 digits through.
        if not (pk.isascii() and pk.isdigit() and len(pk) <= 18):
            raise Http404("No such assessment")
        subject["assessment"] = get_assessment_or_404(
            request.user, organisation, team_slug, int(pk)
        )
    elif kind == Report.Kind.ROUND:
        # The organisation's report limited to one of its rounds (another's is no round).
        pk = request.POST.get("round", "")
        if not (pk.isascii() and pk.isdigit() and len(pk) <= 18):
            raise Http404("No such round")
        subject["round"] = get_round_or_404(organisation, int(pk))
    elif kind == Report.Kind.ORGANISATION:
        subject["model"] = _model_or_404(organisation, request.POST.get("model", ""))
    else:
        messages.error(request, _("Choose what the report is about."))
        return redirect("reports:list", organisation.slug)
    _check_may_order(request, organisation, **subject)
    language = request.POST.get("language") or get_language()
    if language not in ("de", "en"):
        language = "en"
    try:
        report = services.report_order(
            organisation=organisation, kind=kind, by=request.user, language=language, **subject
        )
    except ReportError as refusal:
        messages.error(request, str(refusal))
        return redirect("reports:list", organisation.slug)
    refused = _queue_refused(request, report)
    if not refused and report.state == Report.State.DONE:  # no broker: built in this request
        messages.success(request, _("The report is ready: download it below."))
    elif not refused:
        messages.success(
            request, _("The report is being built; it appears below when it is ready.")
        )
    return redirect(f"{_reports_url(organisation)}#report-{report.pk}")


def _check_may_order(request, organisation, team=None, assessment=None, round=None, model=None):
    """A team's or an assessment's report: managers and the team's members (not viewers);
    the organisation's, whole or for one of its rounds: managers."""
    team = assessment.team if assessment is not None else team
    allowed = (
        request.user.has_perm("reports.order_report", team)
        if team is not None
        else request.user.has_perm("reports.order_organisation_report", organisation)
    )
    if not allowed:
        raise PermissionDenied


def _queue_refused(request, report):
    """The queue is reached once the order is committed, here before the view returns;
    if it could not be reached, the report has failed and says why."""
    report.refresh_from_db(fields=["state", "error"])
    if report.state == Report.State.FAILED:
        messages.error(request, report.error)
        return True
    return False


def _reports_url(organisation):
    return reverse("reports:list", args=[organisation.slug])


@organisation_view()
def report_progress(request, organisation, pk):
    """One report's row as the list shows it."""
    report = _report_or_404(request, organisation, pk)
    return render(
        request,
        "reports/partials/report_row.html",
        {"organisation": organisation, "report": report},
    )


# The poller waits 1 s, then twice as long after each answer, up to 30 s: a queue that is
# stalled costs a request every 30 s per page, not one a second per report.
POLL_FIRST_SECONDS, POLL_MAX_SECONDS = 1, 30


def _poll_ids(text):
    """The report ids of `?watch=1,2,3`: a page's worth at most; anything else is dropped."""
    ids = [part for part in text.split(",") if part.isascii() and part.isdigit()]
    return [int(part) for part in ids if len(part) <= 18][:25]


@organisation_view()
@require_GET
def report_poll(request, organisation):
    """The page's one poll for its unfinished reports: their rows anew (swapped in by id),
    an announcement of those now finished, and the poller again with a longer wait, or
    without one when none is left unfinished."""
    ids = _poll_ids(request.GET.get("watch", ""))
    waited = request.GET.get("delay", "")
    waited = int(waited) if waited.isascii() and waited.isdigit() and len(waited) < 4 else 0
    reports = list(
        visible_reports(request.user, organisation)
        .select_related("team", "assessment__team", "round")
        .filter(pk__in=ids)
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "reports/partials/report_poll_response.html",
        {
            "organisation": organisation,
            "reports": reports,
            "finished": [report for report in reports if report.finished],
            "watch": [report.pk for report in reports if not report.finished],
            "delay": min(max(waited * 2, POLL_FIRST_SECONDS), POLL_MAX_SECONDS),
        },
    )


@organisation_view()
def report_download(request, organisation, pk):
    report = _report_or_404(request, organisation, pk)
    if report.state != Report.State.DONE or not report.file:
        raise Http404("The report is not ready")
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        raise Http404("The report's file was removed") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=report_file_name(report),
        content_type="application/pdf",
    )


@organisation_view()
def report_retry(request, organisation, pk):
    report = _report_or_404(request, organisation, pk)
    if refusal := not_a_post(request):
        return refusal
    _check_may_order(request, organisation, team=report.team, assessment=report.assessment)
    try:
        report = services.report_retry(report=report, by=request.user)
    except ReportError as refusal:
        messages.error(request, str(refusal))
    else:
        if not _queue_refused(request, report):
            messages.success(request, _("The report is being built again."))
    return redirect(f"{_reports_url(organisation)}#report-{report.pk}")


@organisation_view("reports.export_results")
def export(request, organisation, format):
    """The organisation's results as CSV or XLSX: the same data as `export_results`.
    The CSV goes out as it is written; the workbook is built in a temporary file that
    moves to disk beyond a few megabytes, so memory stays bounded at any size."""
    if format not in ("csv", "xlsx"):
        raise Http404("No such format")
    name = f"{organisation.slug}-results-{date.today().isoformat()}.{format}"
    if format == "csv":
        response = StreamingHttpResponse(
            results_csv_chunks(organisation), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    # FileResponse closes the file once it is sent.
    workbook = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    results_xlsx(organisation, workbook)
    workbook.seek(0)
    return FileResponse(
        workbook,
        as_attachment=True,
        filename=name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@organisation_view("plans.view_gaps")
def gaps_export(request, organisation, format):
    """The common gaps as on the page (the same filters), every team named: CSV or XLSX."""
    _form, filters = gap_filters(organisation, request.GET)
    if filters.model is None:
        raise Http404("The organisation uses no model")
    found = common_gaps(
        organisation,
        filters.model,
        round_=filters.round,
        dimension=filters.dimension,
        teams_shown=None,
    )
    name = f"{organisation.slug}-gaps-{date.today().isoformat()}.{format}"
    if format == "csv":
        response = HttpResponse(gaps_csv(found), content_type="text/csv; charset=utf-8")
    else:
        workbook = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
        gaps_xlsx(found, workbook)
        workbook.seek(0)
        return FileResponse(workbook, as_attachment=True, filename=name, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
