"""PDF reports: HTML from templates, charts as inline SVG, rendered by WeasyPrint.

`build_pdf(report)` is a plain function; the Celery task in tasks.py calls it. The renderer
loads nothing but our own static files: comments and evidence links written by users are
text in the report and are never fetched (no local files, no network).
"""

import logging
import mimetypes
import re
import time
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from assessments import charts, dashboards, selectors, services
from assessments.dashboards import Filters
from assessments.models import Answer, Assessment, DimensionScore, Report

STATIC_SCHEME = "static:"
logger = logging.getLogger(__name__)


class ReportError(Exception):
    """The report cannot be built; the message is for the user."""


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


def build_pdf(report, progress=lambda percent: None):
    """The report's PDF as bytes, in the report's language."""
    from weasyprint import HTML

    with translation.override(report.language):
        html = render_html(report)
        progress(50)
        document = HTML(
            string=html, base_url=STATIC_SCHEME + "/", url_fetcher=static_only_fetcher()
        )
        pdf = document.write_pdf()
    progress(95)
    return pdf


def render_html(report):
    builders = {
        Report.Kind.ASSESSMENT: _assessment_context,
        Report.Kind.TEAM: _team_context,
        Report.Kind.ORGANISATION: _organisation_context,
    }
    context = builders[report.kind](report)
    context.update(report=report, generated=timezone.now(), organisation=report.organisation)
    return render_to_string(f"assessments/reports/{report.kind}.html", context)


def _assessment_context(report):
    assessment = report.assessment
    if assessment is None:
        raise ReportError(_("The assessment of this report no longer exists."))
    display = selectors.ModelDisplay.of(assessment.model)
    outline = selectors.outline(assessment.model)
    structures = display.area_models()
    result = selectors.result(assessment, {assessment.model_id: structures})
    targets = services.current_targets(assessment.team)
    area_targets = {a.key: targets[a.dimension] for a in outline["areas"] if a.dimension in targets}
    answers = {}
    for answer in Answer.objects.filter(assessment=assessment).select_related("respondent", "area"):
        answers.setdefault(answer.area.key, []).append(answer)
    areas = []
    for area in display.areas.values():
        area_result = result.areas.get(area.key)
        cells = dict((level.number, items) for level, items in display.cells(area))
        areas.append(
            {
                "area": area,
                "result": area_result,
                "level": display.levels.get(area_result.level) if area_result else None,
                "characteristics": cells.get(area_result.level, []) if area_result else [],
                "ticked": display.texts(area_result.ticked) if area_result else [],
                "answers": answers.get(area.key, []),
            }
        )
    series = [
        (
            assessment.label,
            [
                result.areas[a.key].score if a.key in result.areas else None
                for a in outline["areas"]
            ],
        )
    ]
    if area_targets:
        series.append((_("Target"), [area_targets.get(a.key) for a in outline["areas"]]))
    return {
        "assessment": assessment,
        "team": assessment.team,
        "result": result,
        "display": display,
        "overall_level": display.levels.get(result.overall.level) if result.overall else None,
        "dimensions": [
            (
                d,
                result.dimensions.get(d.key),
                targets.get(d.key),
                display.levels.get(result.dimensions[d.key].level)
                if d.key in result.dimensions
                else None,
            )
            for d in display.dimensions.values()
        ],
        "areas": areas,
        "radar": charts.radar(
            [a.name for a in outline["areas"]],
            series,
            max_value=len(outline["levels"]) - 1,
            title=_("Result per area"),
        ),
        "steps": selectors.roadmap_steps(display, structures, result, targets=area_targets or None),
    }


def _team_context(report):
    team = report.team
    if team is None:
        raise ReportError(_("The team of this report no longer exists."))
    history = list(
        Assessment.objects.filter(team=team, state=Assessment.State.SUBMITTED)
        .select_related("model")
        .order_by("date", "pk")
    )
    if not history:
        raise ReportError(_("The team has no submitted assessment yet."))
    latest = history[-1]
    same_model = [a for a in history if a.model_id == latest.model_id]
    outline = selectors.outline(latest.model)
    scores = {
        (a, k): s
        for a, k, s in DimensionScore.objects.filter(assessment__in=same_model).values_list(
            "assessment_id", "dimension_key", "score"
        )
    }
    rows = [(a, [scores.get((a.pk, d.key)) for d in outline["dimensions"]]) for a in same_model]
    series = [(_("Overall"), [a.overall_score for a in same_model])] + [
        (d.name, [scores.get((a.pk, d.key)) for a in same_model]) for d in outline["dimensions"]
    ]
    previous = same_model[-2] if len(same_model) > 1 else None
    return {
        "team": team,
        "dimensions": outline["dimensions"],
        "rows": rows,
        "latest": latest,
        "previous": previous,
        "change": [
            (d, scores.get((previous.pk, d.key)), scores.get((latest.pk, d.key)))
            for d in outline["dimensions"]
        ]
        if previous
        else [],
        "trend": charts.trend(
            [a.label for a in same_model],
            series,
            max_value=len(outline["levels"]) - 1,
            title=_("Scores over time"),
        ),
    }


HEATMAP_ROWS = 40  # teams per heat map, so that each fits on a page


def _organisation_context(report):
    organisation = report.organisation
    models = list(services.models_for(organisation))
    if not models:
        raise ReportError(_("The organisation uses no maturity model yet."))
    filters = Filters(model=models[0], sort="name")
    outline = selectors.outline(filters.model)
    levels, areas, dimensions = outline["levels"], outline["areas"], outline["dimensions"]
    teams = list(dashboards.teams_with_latest(organisation, filters))
    scores = dashboards.area_scores([t.latest_id for t in teams if t.latest_id])
    rows = [
        (t, [scores.get(t.latest_id, {}).get(a.key, (None, None))[1] for a in areas]) for t in teams
    ]
    heatmaps = [
        charts.heatmap(
            [t.name for t, _v in rows[start : start + HEATMAP_ROWS]],
            [a.name for a in areas],
            [values for _t, values in rows[start : start + HEATMAP_ROWS]],
            max_value=len(levels) - 1,
            title=_("Teams and areas"),
        )
        for start in range(0, len(rows), HEATMAP_ROWS)
    ]
    figures = dashboards.organisation_figures(organisation, filters)
    distribution = figures["distribution"]
    trend = figures["trend"]
    return {
        "teams": rows,
        "areas": areas,
        "levels": levels,
        "heatmaps": heatmaps,
        "distribution": [
            (d, [distribution.get(d.key, {}).get(level.key, 0) for level in levels])
            for d in dimensions
        ],
        "distribution_chart": charts.stacked_bars(
            [d.name for d in dimensions],
            [
                (
                    _("Level %(number)s") % {"number": level.key},
                    [distribution.get(d.key, {}).get(level.key, 0) for d in dimensions],
                )
                for level in levels
            ],
            title=_("Teams at each level, per dimension"),
        ),
        "trend": trend,
        "trend_chart": charts.trend(
            [q.label for q in trend],
            [(_("Median"), [q.median for q in trend])],
            max_value=len(levels) - 1,
            bands=[(q.low, q.high) for q in trend],
            title=_("Overall score of the teams per quarter: median and middle half"),
        )
        if trend
        else None,
        "below_target": figures["below_target"],
        "dimension_names": {d.key: d.name for d in dimensions},
    }


def report_file_name(report):
    if report.kind == Report.Kind.ASSESSMENT and report.assessment:
        subject = f"{report.assessment.team.slug}-{report.assessment.label}"
    elif report.kind == Report.Kind.TEAM and report.team:
        subject = report.team.slug
    else:
        subject = report.organisation.slug
    return f"{slugify(subject)}-{report.kind}-{report.language}.pdf"


def report_build(report_id):
    """Build one report. Safe to run again: a finished report is left as it is, and a
    report whose worker died is built from the start."""
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related("organisation", "team", "assessment__team", "assessment__model")
            .filter(pk=report_id)
            .first()
        )
        if report is None or report.state == Report.State.DONE:
            return report
        report.state, report.progress, report.error = Report.State.RUNNING, 5, ""
        report.save(update_fields=["state", "progress", "error"])

    def progress(percent):
        Report.objects.filter(pk=report_id, state=Report.State.RUNNING).update(progress=percent)

    if settings.REPORT_SLOWDOWN_SECONDS:  # fault tests: time to kill a worker mid-report
        time.sleep(settings.REPORT_SLOWDOWN_SECONDS)

    try:
        pdf = build_pdf(report, progress)
    except (OperationalError, InterfaceError):
        raise  # transient: the task retries
    except SoftTimeLimitExceeded:
        return report_fail(report_id, _("Building the report took too long."))
    except ReportError as error:
        return report_fail(report_id, str(error))
    except Exception as error:
        logger.exception("report %s failed", report_id)
        return report_fail(
            report_id, _("The report could not be built: %(error)s") % {"error": str(error)[:300]}
        )
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.state == Report.State.DONE:
            return report
        report.file.save(report_file_name(report), ContentFile(pdf), save=False)
        report.size = len(pdf)
        report.state, report.progress = Report.State.DONE, 100
        report.finished_at = timezone.now()
        report.save()
    return report


def report_fail(report_id, message):
    Report.objects.filter(pk=report_id).update(
        state=Report.State.FAILED, error=message, finished_at=timezone.now()
    )
    return Report.objects.get(pk=report_id)


def reports_cleanup(*, days):
    """Delete finished reports older than `days` days, with their files."""
    cutoff = timezone.now() - timedelta(days=days)
    removed = 0
    for report in Report.objects.filter(created_at__lt=cutoff).exclude(state=Report.State.RUNNING):
        if report.file:
            report.file.delete(save=False)
        report.delete()
        removed += 1
    return removed
