from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _

from reports.build import report_build, report_fail, reports_cleanup


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,  # a worker that dies mid-report leaves it to another
    # The documented CELERY_TASK_(SOFT_)TIME_LIMIT apply (the settings keep them below
    # Redis' visibility timeout, so that a report is never built twice in parallel).
    autoretry_for=(OperationalError, InterfaceError),  # only transient database trouble
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=5,
)
def build_report(report_id: int) -> None:
    try:
        report_build(report_id)
    except (OperationalError, InterfaceError):
        raise  # retried with backoff
    except Exception as error:
        # Whatever else goes wrong, the report must not stay "queued" for ever.
        report_fail(report_id, _("The report could not be built: %(error)s") % {"error": error})
        raise


@shared_task(acks_late=True, reject_on_worker_lost=True)
def cleanup_reports():
    return reports_cleanup(days=settings.REPORT_RETENTION_DAYS)
