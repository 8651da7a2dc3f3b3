"""Ordering reports: record the order, hand it to the queue once committed, retry.

The queue's task (tasks.build_report) wraps `build.report_build`; this module only sends it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reports.errors import ReportError
from reports.models import Report
from reports.tasks import build_report

if TYPE_CHECKING:
    from accounts.models import Organisation, Team, User
    from assessments.models import Assessment
    from maturity.models import MaturityModel
    from rounds.models import Round

logger = logging.getLogger(__name__)


PENDING = (Report.State.QUEUED, Report.State.RUNNING)


def report_order(
    *,
    organisation: Organisation,
    kind: str,
    by: User | None,
    language: str,
    team: Team | None = None,
    assessment: Assessment | None = None,
    round: Round | None = None,
    model: MaturityModel | None = None,
) -> Report:
    """Record a report and queue it once the transaction commits; the same report already
    queued or being built is returned instead. Raises ReportError when the person or the
    organisation has as many reports waiting as the settings allow (nothing is recorded)."""
    with transaction.atomic():
        _lock_orders(organisation)
        report = Report(
            organisation=organisation,
            kind=kind,
            team=team,
            assessment=assessment,
            round=round,
            model=model,
            language=language,
            ordered_by=by,
        )
        if same := _same_pending(report):
            return same
        _check_pending_limits(organisation, by)
        report.save()
        transaction.on_commit(lambda: report_send(report.pk))
    return report


def _lock_orders(organisation: Organisation) -> None:
    """Orders of one organisation wait for each other here, so that two at once can neither
    both pass the limits nor record the same report twice."""
    type(organisation).objects.select_for_update().filter(pk=organisation.pk).first()


def _same_pending(report_like) -> Report | None:
    """The report of the same kind, subject and language already queued or being built."""
    return (
        Report.objects.filter(
            organisation=report_like.organisation,
            kind=report_like.kind,
            team=report_like.team,
            assessment=report_like.assessment,
            round=report_like.round,
            model=report_like.model,
            language=report_like.language,
            state__in=PENDING,
        )
        .order_by("pk")
        .first()
    )


def _check_pending_limits(organisation: Organisation, by: User | None) -> None:
    pending = Report.objects.filter(organisation=organisation, state__in=PENDING)
    per_user = settings.REPORT_PENDING_PER_USER
    if by is not None and pending.filter(ordered_by=by).count() >= per_user:
        raise ReportError(
            ngettext(
                "You have %(count)d report waiting to be built. Order another one when it "
                "is ready.",
                "You have %(count)d reports waiting to be built. Order another one when one "
                "of them is ready.",
                per_user,
            )
            % {"count": per_user}
        )
    per_organisation = settings.REPORT_PENDING_PER_ORGANISATION
    if pending.count() >= per_organisation:
        raise ReportError(
            ngettext(
                "Your organisation has %(count)d report waiting to be built. Order another "
                "one when it is ready.",
                "Your organisation has %(count)d reports waiting to be built. Order another "
                "one when one of them is ready.",
                per_organisation,
            )
            % {"count": per_organisation}
        )


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
def report_retry(*, report: Report, by: User | None = None) -> Report:
    """Queue a failed report again; the same report already queued or being built is
    returned instead. The limits of `report_order` apply."""
    _lock_orders(report.organisation)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.state != Report.State.FAILED:
        raise ReportError(_("Only a failed report is ordered again."))
    if same := _same_pending(report):
        return same
    _check_pending_limits(report.organisation, by)
    report.state, report.progress, report.error, report.finished_at = (
        Report.State.QUEUED,
        0,
        "",
        None,
    )
    report.save(update_fields=["state", "progress", "error", "finished_at"])
    transaction.on_commit(lambda: report_send(report.pk))
    return report
