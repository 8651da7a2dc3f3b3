"""Follow-up of a team's plan in its next assessment: while answering an area, the actions
that serve it; in the results, whether each done action's characteristic is now in place.

Actions are matched by key, not by row: an action taken from version 1 of a model serves the
area (and characteristic) of the same key in version 2. Keys are matched within one model
lineage (the same slug of the same owner), so that another model's area called "people" is
not taken for this one's. One query each, however many actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from plans.models import Action

if TYPE_CHECKING:
    import datetime

    from accounts.models import Team, User
    from assessments.models import Assessment
    from assessments.scoring import Result
    from assessments.selectors import ModelDisplay
    from maturity.models import Area, Characteristic, MaturityModel

# In progress first (what is being worked on), then open, done last.
_STATUS_ORDER = Case(
    When(status=Action.Status.IN_PROGRESS, then=Value(0)),
    When(status=Action.Status.OPEN, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _same_lineage(model: MaturityModel | None) -> Q:
    """Actions whose area belongs to a version of `model` (any version), or all when None."""
    if model is None:
        return Q()
    if model.organisation_id is None:
        owner = Q(area__model__organisation__isnull=True)
    else:
        owner = Q(area__model__organisation_id=model.organisation_id)
    return Q(area__model__slug=model.slug) & owner


def _day(moment: datetime.datetime) -> str:
    """A day as the reader's language writes it; the year only when it is not this one."""
    day = timezone.localtime(moment).date()
    if day.year == timezone.localdate().year:
        return formats.date_format(day, "MONTH_DAY_FORMAT")
    return formats.date_format(day, "DATE_FORMAT")


def done_text(action: Action, *, names: bool = True) -> str:
    """ "done on 3 February by Dana"; without the name when `names` is False or nobody is
    recorded (the person was removed)."""
    if action.done_at is None:
        return ""
    date = _day(action.done_at)
    if names and action.done_by is not None:
        return _("done on %(date)s by %(name)s") % {
            "date": date,
            "name": action.done_by.get_short_name(),
        }
    return _("done on %(date)s") % {"date": date}


@dataclass(frozen=True)
class ActionLine:
    """One action as the answering page lists it."""

    action: Action
    done: str  # "done on 3 February by Dana", "" while pending
    owner: User | None  # None: nobody, or names are not shown

    @property
    def title(self) -> str:
        return self.action.title

    @property
    def status(self) -> str:
        return self.action.status

    @property
    def status_label(self) -> str:
        return self.action.get_status_display()

    @property
    def due(self) -> datetime.date | None:
        return self.action.due

    @property
    def overdue(self) -> bool:
        return bool(self.action.pending and self.due and self.due < timezone.localdate())


def area_actions(
    team: Team, area_key: str, *, model: MaturityModel | None = None, names: bool = True
) -> list[ActionLine]:
    """The team's actions serving the area of this key (in any version of `model`), dropped
    ones left out: in progress, open, then done, each by due date (undated last).
    `names=False` leaves out owners and who did it (anonymous assessments). One query."""
    return _lines(_live_actions(team, model).filter(area__key=area_key), names)


def actions_by_area(
    team: Team, *, model: MaturityModel | None = None, names: bool = True
) -> dict[str, list[ActionLine]]:
    """area key → what `area_actions` gives for it, for every area at once: one query, not
    one per area (the assessment report lists them under each area)."""
    by_area: dict[str, list[ActionLine]] = {}
    for line in _lines(
        _live_actions(team, model).filter(area__isnull=False).select_related("area"), names
    ):
        by_area.setdefault(line.action.area.key, []).append(line)
    return by_area


def _live_actions(team: Team, model: MaturityModel | None) -> QuerySet[Action]:
    return (
        Action.objects.filter(_same_lineage(model), team=team)
        .exclude(status=Action.Status.DROPPED)
        .select_related("owner", "done_by")
        .order_by(_STATUS_ORDER, F("due").asc(nulls_last=True), "pk")
    )


def _lines(rows, names: bool) -> list[ActionLine]:
    return [
        ActionLine(
            action=action,
            done=done_text(action, names=names) if action.status == Action.Status.DONE else "",
            owner=action.owner if names else None,
        )
        for action in rows
    ]


@dataclass(frozen=True)
class CheckedAction:
    """A done action and whether the characteristic it serves is in place now."""

    action: Action
    characteristic: Characteristic | None  # in this assessment's model version; None: gone
    in_place: bool | None  # None: the characteristic is not in this model version


@dataclass(frozen=True)
class AreaCheck:
    area: Area
    actions: list[CheckedAction]

    @property
    def in_place(self) -> list[CheckedAction]:
        return [c for c in self.actions if c.in_place is True]

    @property
    def not_in_place(self) -> list[CheckedAction]:
        return [c for c in self.actions if c.in_place is False]

    @property
    def not_in_model(self) -> list[CheckedAction]:
        return [c for c in self.actions if c.in_place is None]


def _done_actions(assessment: Assessment, display: ModelDisplay) -> QuerySet[Action]:
    rows = Action.objects.filter(
        _same_lineage(display.model),
        team_id=assessment.team_id,
        status=Action.Status.DONE,
        characteristic__isnull=False,
    )
    # What was done after the submit is for the next assessment to check.
    if assessment.submitted_at is not None:
        rows = rows.filter(done_at__lte=assessment.submitted_at)
    return rows.select_related("characteristic", "area").order_by("done_at", "pk")


def in_place(characteristic: Characteristic, number: int, area_result) -> bool:
    """Whether a characteristic at level `number` is in place in an area's result: at or
    below the reached level, ticked at the next step, or at the next step but stated already
    at the reached level (not new there)."""
    if number <= area_result.reached:
        return True
    if number != area_result.reached + 1:
        return False
    return characteristic.key in area_result.ticked or characteristic.key not in (
        area_result.new_next
    )


def plan_check(assessment: Assessment, result: Result, display: ModelDisplay) -> list[AreaCheck]:
    """Per area of the assessment with a result, in model order, the team's done actions
    that serve a characteristic (done before the submit, or at any time while open), each
    marked in place or not. Areas without such actions are left out; so are areas not
    answered yet (nothing to check against). One query; `display` is the assessment's."""
    numbers = {level.pk: level.number for level in display.levels.values()}
    by_area: dict[str, list[CheckedAction]] = {}
    for action in _done_actions(assessment, display):
        area_key = action.area.key if action.area else None
        area, area_result = display.areas.get(area_key), result.areas.get(area_key)
        if area is None or area_result is None:
            continue
        found = display.characteristics.get(action.characteristic.key)
        if found is None or found.area_id != area.pk:
            checked = CheckedAction(action=action, characteristic=None, in_place=None)
        else:
            checked = CheckedAction(
                action=action,
                characteristic=found,
                in_place=in_place(found, numbers[found.level_id], area_result),
            )
        by_area.setdefault(area_key, []).append(checked)
    return [
        AreaCheck(area=area, actions=by_area[key])
        for key, area in display.areas.items()
        if key in by_area
    ]
