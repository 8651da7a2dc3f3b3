"""Who gets which of a round's e-mails, and when: the reads behind rounds.mails (recording)
and rounds.sending (a last look before each e-mail goes out). Querysets, no writes."""

from __future__ import annotations

import datetime

from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from assessments.models import Answer, Assessment
from maturity.models import Area
from rounds.models import Mail, Respondent, Round


def with_progress(respondents: QuerySet[Respondent]) -> QuerySet[Respondent]:
    """`respondents` with `answered` (areas they answered in their team's assessment) and
    `areas` (of its model). Answers carried forward count once confirmed: only then are they
    answers."""
    answered = (
        Answer.objects.filter(
            assessment_id=OuterRef("entry__assessment_id"), respondent_id=OuterRef("user_id")
        )
        .order_by()
        .values("assessment_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    areas = (
        Area.objects.filter(model_id=OuterRef("entry__assessment__model_id"))
        .order_by()
        .values("model_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return respondents.annotate(answered=Coalesce(Subquery(answered), 0), areas=Subquery(areas))


def unfinished(respondents: QuerySet[Respondent]) -> QuerySet[Respondent]:
    """Those of `respondents` who have not answered every area of their team's assessment."""
    return with_progress(respondents).filter(answered__lt=F("areas"))


def to_remind(respondents: QuerySet[Respondent]) -> QuerySet[Respondent]:
    """Those of `respondents` a reminder may go to: unfinished, their team's assessment not
    submitted, and reminders not switched off."""
    return unfinished(
        respondents.filter(
            entry__assessment__state__in=Assessment.OPEN_STATES,
            user__email_reminders=True,
            user__is_active=True,
        )
    )


def reminder_due(round_: Round, today: datetime.date) -> int | None:
    """Days before the deadline of the latest reminder due by `today` (when the beat was down,
    only the latest of several is sent); None when none is due, or when it fell on or before
    the opening day (the invitation has just said it all)."""
    passed = [days for days in round_.reminder_days if round_.deadline - _days(days) <= today]
    if not passed:
        return None
    days = min(passed)
    return None if round_.deadline - _days(days) <= round_.opens_on else days


def reminder_key(days: int, deadline: datetime.date) -> str:
    """'3@2027-01-15': a later deadline makes new keys, so that it reminds again."""
    return f"{days}@{deadline.isoformat()}"


def _days(days: int) -> datetime.timedelta:
    return datetime.timedelta(days=days)


def open_rounds(today: datetime.date) -> QuerySet[Round]:
    """Rounds being answered: invited, not closed, the deadline not passed."""
    return Round.objects.filter(
        closed_at=None,
        deadline_passed_at=None,
        invited_at__isnull=False,
        opens_on__lte=today,
        deadline__gte=today,
    )


def areas_left(mail: Mail) -> int | None:
    """Areas the reader of a reminder has still to answer; None when they are no longer a
    respondent of the team. One query."""
    progress = (
        with_progress(Respondent.objects.filter(entry_id=mail.entry_id, user_id=mail.user_id))
        .values_list("areas", "answered")
        .first()
    )
    return None if progress is None else (progress[0] or 0) - progress[1]


def still_wanted(mail: Mail, left: int | None = None) -> bool:
    """Whether a recorded e-mail should still go out when its turn comes: the round not
    closed, the assessment open; a reminder only to a respondent with areas `left` who has
    not switched reminders off since."""
    if mail.round.is_closed or mail.entry.assessment.state not in Assessment.OPEN_STATES:
        return False
    if mail.kind in (Mail.Kind.REMINDER, Mail.Kind.NUDGE):
        return mail.user.email_reminders and bool(left and left > 0)
    return True
