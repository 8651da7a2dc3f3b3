"""Ordering reports: record the order, hand it to the queue once committed, retry.

The queue's task (tasks.build_report) wraps `build.report_build`; this module only sends it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.errors import ReportError
from reports.models import Report
from reports.tasks import build_report

if TYPE_CHECKING:
    from accounts.models import Organisation, Team, User
    from assessments.models import Assessment

logger = logging.getLogger(__name__)


def report_order(
    *,
    organisation: Organisation,
    kind: str,
    by: User,
    language: str,
    team: Team | None = None,
    assessment: Assessment | None = None,
) -> Report:
    """Record a report and queue it once the transaction commits."""
    report = Report.objects.create(
        organisation=organisation,
        kind=kind,
        team=team,
        assessment=assessment,
        language=language,
        ordered_by=by,
    )
    transaction.on_commit(lambda: report_send(report.pk))
    return report


def report_send(report_id: int) -> None:
    """Hand the report to the queue; if the queue cannot be reached, say so on the report."""
    try:
        build_report.delay(report_id)
    except Exception as error:  # the broker is down: the report must not wait forever
        logger.warning("report %s not queued, the queue is unavailable: %r", report_id, error)
        Report.objects.filter(pk=report_id, state=Report.State.QUEUED).update(
            state=Report.State.FAILED,
            error=_("The report queue is unavailable (%(error)s). Try again later.")
            % {"error": type(error).__name__},
            finished_at=timezone.now(),
        )


@transaction.atomic
def report_retry(*, report: Report) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.state != Report.State.FAILED:
        raise ReportError(_("Only a failed report is ordered again."))
    report.state, report.progress, report.error, report.finished_at = (
        Report.State.QUEUED,
        0,
        "",
        None,
    )
    report.save(update_fields=["state", "progress", "error", "finished_at"])
    transaction.on_commit(lambda: report_send(report.pk))
    return report
