"""Writes for rounds: open one, name its respondents, extend its deadline, close it, and deal
with a passed deadline. Each runs in one transaction, in a fixed number of queries however
many teams; e-mails are recorded here and sent by `rounds.mails` once the transaction commits.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Role
from assessments.bulk import assessments_open, assessments_submit_complete
from assessments.models import Assessment
from assessments.services import AssessmentError
from rounds import mails
from rounds.models import Entry, Respondent, Round
from rounds.signals import round_closed_on_commit, round_opened_on_commit

if TYPE_CHECKING:
    from accounts.models import Organisation, Team, User
    from maturity.models import MaturityModel

MAX_REMINDERS = 5
MAX_REMINDER_DAYS = 60
# People who may answer a team's assessment: its members, and managers and admins in it.
ANSWERING_ROLES = (Role.ADMIN, Role.MANAGER, Role.MEMBER)


class RoundError(Exception):
    """A change the rules forbid; the message is for the user, `field` the form field."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def clean_reminder_days(days: Iterable[int]) -> list[int]:
    """Distinct whole days before the deadline, latest reminder last: [3, 1]."""
    days = sorted(set(days), reverse=True)
    if len(days) > MAX_REMINDERS:
        raise RoundError(_("At most %(n)d reminders.") % {"n": MAX_REMINDERS}, "reminder_days")
    if any(not isinstance(d, int) or not 0 <= d <= MAX_REMINDER_DAYS for d in days):
        raise RoundError(
            _("A reminder is sent 0 to %(n)d days before the deadline.") % {"n": MAX_REMINDER_DAYS},
            "reminder_days",
        )
    return days


def _check_dates(opens_on: datetime.date, deadline: datetime.date) -> None:
    if deadline < opens_on:
        raise RoundError(_("The deadline cannot come before the opening date."), "deadline")
    if deadline < timezone.localdate():
        raise RoundError(_("The deadline has passed already; choose a later one."), "deadline")


def default_respondents(team_ids: Iterable[int]) -> dict[int, list[int]]:
    """team id → ids of the people who may answer for it (its members, managers and admins
    named in it; never viewers), in one query."""
    through = Membership.teams.through
    found = {}
    for team_id, user_id in through.objects.filter(
        team_id__in=list(team_ids), membership__role__in=ANSWERING_ROLES
    ).values_list("team_id", "membership__user_id"):
        found.setdefault(team_id, []).append(user_id)
    return found


@transaction.atomic
def round_open(
    *,
    organisation: Organisation,
    label: str,
    model: MaturityModel,
    opens_on: datetime.date,
    deadline: datetime.date,
    teams: Sequence[Team],
    by: User,
    anonymous: bool = False,
    reminder_days: Iterable[int] = (3, 1),
    base_url: str | None = None,
) -> Round:
    """Open a round: an assessment for each team (its open one of the model adopted), the
    team's members as respondents, and their invitations queued once it has opened.

    All or nothing; archived teams and other organisations' teams are refused."""
    label = label.strip()
    if not label:
        raise RoundError(_("Give the round a label, such as “2027 Q1”."), "label")
    _check_dates(opens_on, deadline)
    reminder_days = clean_reminder_days(reminder_days)
    teams = list(teams)
    if not teams:
        raise RoundError(_("Choose at least one team."), "teams")
    if any(team.organisation_id != organisation.pk or team.archived for team in teams):
        raise RoundError(_("Only the organisation's active teams take part in a round."), "teams")
    busy = sorted(
        Entry.objects.filter(
            team__in=teams,
            round__closed_at=None,
            assessment__model=model,
            assessment__state__in=Assessment.OPEN_STATES,
        ).values_list("team__name", flat=True)
    )
    if busy:
        raise RoundError(
            _("These teams answer this model in another open round: %(teams)s.")
            % {"teams": ", ".join(busy)},
            "teams",
        )
    try:
        with transaction.atomic():
            round_ = Round.objects.create(
                organisation=organisation,
                label=label,
                model=model,
                opens_on=opens_on,
                deadline=deadline,
                anonymous=anonymous,
                reminder_days=reminder_days,
                opened_by=by,
            )
    except IntegrityError:
        raise RoundError(
            _("There is a round “%(label)s” already; choose another label.") % {"label": label},
            "label",
        ) from None
    try:
        opened = assessments_open(
            teams=teams, model=model, label=label, date=opens_on, by=by, anonymous=anonymous
        )
    except AssessmentError as error:
        raise RoundError(str(error), "teams") from None
    entries = Entry.objects.bulk_create(
        [
            Entry(round=round_, team_id=team_id, assessment=assessment, adopted=adopted)
            for team_id, (assessment, adopted) in opened.items()
        ],
        batch_size=1000,
    )
    people = default_respondents(opened)
    Respondent.objects.bulk_create(
        [
            Respondent(entry=entry, user_id=user_id)
            for entry in entries
            for user_id in people.get(entry.team_id, [])
        ],
        batch_size=2000,
    )
    if opens_on <= timezone.localdate():
        mails.invite(round_, base_url=base_url)
    round_opened_on_commit(round_.pk)
    return round_


@transaction.atomic
def respondents_set(
    *, entry: Entry, users: Iterable[User], by: User, base_url: str | None = None
) -> list[Respondent]:
    """Name the respondents of one team in a round. Everyone named must be able to answer
    for the team; newly named people of an opened round are invited."""
    entry = Entry.objects.select_for_update().select_related("round", "team").get(pk=entry.pk)
    if entry.round.is_closed:
        raise RoundError(_("The round is closed; its respondents stay as they were."))
    wanted = {user.pk for user in users}
    allowed = set(default_respondents([entry.team_id]).get(entry.team_id, [])) | set(
        Membership.objects.filter(
            organisation_id=entry.round.organisation_id, role__in=(Role.ADMIN, Role.MANAGER)
        ).values_list("user_id", flat=True)
    )
    if wanted - allowed:
        raise RoundError(
            _("Only the team's members, and the organisation's managers, answer for the team."),
            "respondents",
        )
    current = set(entry.respondents.values_list("user_id", flat=True))
    entry.respondents.exclude(user_id__in=wanted).delete()
    Respondent.objects.bulk_create(
        [Respondent(entry=entry, user_id=user_id) for user_id in wanted - current]
    )
    if entry.round.invited_at is not None and wanted - current:
        mails.invite(entry.round, base_url=base_url)
    return list(entry.respondents.select_related("user"))


@transaction.atomic
def deadline_extend(*, round_: Round, deadline: datetime.date, by: User) -> Round:
    """A later deadline: late teams are no longer late, and reminders count to the new day."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.is_closed:
        raise RoundError(_("The round is closed; its deadline stays as it was."))
    if deadline <= round_.deadline:
        raise RoundError(_("Choose a deadline after the current one."), "deadline")
    _check_dates(round_.opens_on, deadline)
    round_.deadline = deadline
    round_.deadline_passed_at = None
    round_.save(update_fields=["deadline", "deadline_passed_at"])
    round_.entries.filter(late=True).update(late=False)
    return round_


@transaction.atomic
def round_close(*, round_: Round, by: User) -> Round:
    """No more e-mails; assessments still open stay open, for their teams to finish."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.is_closed:
        return round_
    round_.closed_at = timezone.now()
    round_.closed_by = by
    round_.save(update_fields=["closed_at", "closed_by"])
    round_closed_on_commit(round_.pk)
    return round_


@transaction.atomic
def deadline_pass(round_: Round) -> tuple[list[int], list[int]]:
    """At the deadline: submit the complete assessments, mark the rest late. Returns (ids
    submitted, ids late); a second call (another beat process) finds it done and does nothing."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if (
        round_.is_closed
        or round_.deadline_passed_at is not None
        or timezone.now() < round_.deadline_ends()
    ):
        return [], []
    open_ids = list(
        round_.entries.filter(assessment__state__in=Assessment.OPEN_STATES).values_list(
            "assessment_id", flat=True
        )
    )
    submitted, incomplete = assessments_submit_complete(open_ids)
    round_.entries.filter(assessment_id__in=incomplete).update(late=True)
    round_.deadline_passed_at = timezone.now()
    round_.save(update_fields=["deadline_passed_at"])
    return submitted, incomplete


def due_deadlines() -> list[Round]:
    """Rounds whose deadline has passed and has not been dealt with."""
    return list(
        Round.objects.filter(
            closed_at=None,
            deadline_passed_at=None,
            deadline__lt=timezone.localdate(),
        )
    )
