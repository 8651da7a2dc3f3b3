"""Building a report: exactly once, even when the queue delivers it again; failures say why.

`report_build` is what the Celery task (tasks.build_report) runs.
"""

import logging
import time
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from reports.errors import ReportError
from reports.models import Report
from reports.pdf import build_pdf

logger = logging.getLogger(__name__)


def report_file_name(report: Report) -> str:
    if report.kind == Report.Kind.ASSESSMENT and report.assessment:
        subject = f"{report.assessment.team.slug}-{report.assessment.label}"
    elif report.kind == Report.Kind.TEAM and report.team:
        subject = report.team.slug
    elif report.kind == Report.Kind.ROUND and report.round:
        subject = f"{report.organisation.slug}-{report.round.label}"
    else:
        subject = report.organisation.slug
    return f"{slugify(subject)}-{report.kind}-{report.language}.pdf"


def report_build(report_id: int) -> Report | None:
    """Build one report. Safe to run again: a finished report is left as it is, and a
    report whose worker died is built from the start."""
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related(
                "organisation", "team", "assessment__team", "assessment__model", "round__model"
            )
            .filter(pk=report_id)
            .first()
        )
        if report is None or report.state == Report.State.DONE:
            return report
        report.state, report.progress, report.error = Report.State.RUNNING, 5, ""
        report.save(update_fields=["state", "progress", "error"])

    def progress(percent: int) -> None:
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


def report_fail(report_id: int, message: str) -> Report:
    Report.objects.filter(pk=report_id).update(
        state=Report.State.FAILED, error=message, finished_at=timezone.now()
    )
    return Report.objects.get(pk=report_id)


def reports_cleanup(*, days: int) -> int:
    """Delete finished reports older than `days` days, with their files."""
    cutoff = timezone.now() - timedelta(days=days)
    removed = 0
    for report in Report.objects.filter(created_at__lt=cutoff).exclude(state=Report.State.RUNNING):
        if report.file:
            report.file.delete(save=False)
        report.delete()
        removed += 1
    return removed
