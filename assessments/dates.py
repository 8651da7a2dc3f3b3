"""The dates an assessment may carry: every entry point (the start form, the admin, the
service, an imported document) checks them here, so that a typo such as 9999-12-31 cannot
pin the dashboards, which order a team's assessments by date."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

EARLIEST = datetime.date(2000, 1, 1)
DAYS_AHEAD = 365


def date_window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The first and last date allowed, both included: from 2000 to a year from today."""
    today = today or timezone.localdate()
    return EARLIEST, today + datetime.timedelta(days=DAYS_AHEAD)


def date_problem(value: datetime.date) -> str | None:
    """What is wrong with an assessment's date, for the user; None if it is allowed."""
    earliest, latest = date_window()
    if earliest <= value <= latest:
        return None
    return _("Choose a date between %(earliest)s and %(latest)s (at most a year ahead).") % {
        "earliest": date_format(earliest, "DATE_FORMAT"),
        "latest": date_format(latest, "DATE_FORMAT"),
    }


def validate_assessment_date(value: datetime.date) -> None:
    """A field validator (the model's and the start form's)."""
    problem = date_problem(value)
    if problem:
        raise ValidationError(problem, code="date_window")
