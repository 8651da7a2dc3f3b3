"""Changing a team's plan: actions taken from the roadmap or written freely, edited, moved
through their statuses. Each rule is a plain function; views and tests call them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Role
from plans.models import MAX_NOTE_LENGTH, MAX_TITLE_LENGTH, Action
from plans.signals import action_done_on_commit

if TYPE_CHECKING:
    from accounts.models import Team, User
    from assessments.models import Assessment
    from maturity.models import Characteristic

# A plan is something people read; beyond this many actions a team is refused another.
MAX_ACTIONS_PER_TEAM = 500
# Due dates further than this many years away are typing errors.
MAX_DUE_YEARS = 10

# Fields action_update changes; others are refused.
EDITABLE = ("title", "note", "owner", "due", "status", "area", "characteristic")


class PlanError(Exception):
    """A refusal with a message for the user; nothing was changed."""


class PlanConflict(PlanError):
    """Someone else changed the action since the page was shown."""


def owner_problem(team: Team, owner: User | None) -> str | None:
    """Why `owner` cannot own the team's actions, or None: an owner is named in the team
    and is not a viewer (viewers read plans, they do not carry them out)."""
    if owner is None:
        return None
    role = (
        Membership.objects.filter(user=owner, organisation_id=team.organisation_id, teams=team)
        .values_list("role", flat=True)
        .first()
    )
    if role is None:
        return _("The owner must belong to the team.")
    if role == Role.VIEWER:
        return _("A viewer cannot own an action.")
    return None


def _checked(team, fields, owner_changed=True):
    """The fields cleaned and checked; raises PlanError with the first problem. An owner
    kept from before is not checked again: one who left the team does not block the rest."""
    if team.archived:
        raise PlanError(_("The team is archived; its plan can be read, not changed."))
    title = " ".join(str(fields.get("title") or "").split())
    if not title:
        raise PlanError(_("Give the action a title."))
    if len(title) > MAX_TITLE_LENGTH:
        raise PlanError(
            _("A title has at most %(count)d characters.") % {"count": MAX_TITLE_LENGTH}
        )
    fields["title"] = title
    note = str(fields.get("note") or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise PlanError(_("A note has at most %(count)d characters.") % {"count": MAX_NOTE_LENGTH})
    fields["note"] = note
    problem = owner_problem(team, fields.get("owner")) if owner_changed else None
    if problem:
        raise PlanError(problem)
    due = fields.get("due")
    if due is not None:
        today = timezone.localdate()
        if abs(due.year - today.year) > MAX_DUE_YEARS:
            raise PlanError(
                _("Choose a due date within %(years)d years.") % {"years": MAX_DUE_YEARS}
            )
    if fields.get("status", Action.Status.OPEN) not in Action.Status.values:
        raise PlanError(_("Choose a status from the list."))
    characteristic, area = fields.get("characteristic"), fields.get("area")
    if characteristic is not None:
        if area is not None and characteristic.area_id != area.pk:
            raise PlanError(_("The characteristic belongs to another area."))
        fields["area"] = characteristic.area
    area = fields.get("area")
    if area is not None and not _model_in_reach(team, area.model_id):
        raise PlanError(_("Choose an area of a model your organisation uses."))
    return fields


def _model_in_reach(team, model_id):
    from maturity.models import visible_models

    return visible_models([team.organisation_id]).filter(pk=model_id).exists()


def _done_fields(action, status, by):
    if status == Action.Status.DONE and action.status != Action.Status.DONE:
        action.done_at, action.done_by = timezone.now(), by
    elif status != Action.Status.DONE:
        action.done_at = action.done_by = None


def _live_duplicate(team, characteristic, exclude=None):
    if characteristic is None:
        return None
    rows = Action.objects.filter(team=team, characteristic=characteristic).exclude(
        status=Action.Status.DROPPED
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    return rows.first()


def action_create(
    *, team: Team, by: User, assessment: Assessment | None = None, **fields
) -> Action:
    """A new action of the team. One of a characteristic that already has a live (not
    dropped) action is that action: a double click, or two people at once, make one."""
    fields = _checked(team, {"status": Action.Status.OPEN, **fields})
    existing = _live_duplicate(team, fields.get("characteristic"))
    if existing is not None:
        return existing
    if Action.objects.filter(team=team).count() >= MAX_ACTIONS_PER_TEAM:
        raise PlanError(
            _("A team's plan holds at most %(count)d actions; drop or remove some first.")
            % {"count": MAX_ACTIONS_PER_TEAM}
        )
    action = Action(team=team, created_by=by, assessment=assessment, **fields)
    if action.status == Action.Status.DONE:
        action.done_at, action.done_by = timezone.now(), by
    try:
        with transaction.atomic():
            action.save()
    except IntegrityError:  # the same characteristic taken at this moment by someone else
        existing = _live_duplicate(team, fields.get("characteristic"))
        if existing is None:
            raise
        return existing
    if action.status == Action.Status.DONE:
        action_done_on_commit(action.pk)
    return action


def action_from_characteristic(
    *, team: Team, characteristic: Characteristic, by: User, assessment: Assessment | None = None
) -> Action:
    """One click on a roadmap item: an open action titled with the characteristic's text in
    the reader's language (shortened to fit), to be edited afterwards."""
    title = " ".join(str(characteristic.text).split())
    if len(title) > MAX_TITLE_LENGTH:
        title = title[: MAX_TITLE_LENGTH - 1].rstrip() + "…"
    return action_create(
        team=team, by=by, assessment=assessment, title=title, characteristic=characteristic
    )


def action_update(
    *, action: Action, by: User, seen: datetime.datetime | None = None, **fields
) -> Action:
    """Change an action. `seen`: when it was last changed as the page showed it; a change
    made since by someone else is not overwritten (PlanConflict)."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        locked = Action.objects.select_for_update().select_related("team").get(pk=action.pk)
        if seen is not None and locked.updated_at != seen:
            raise PlanConflict(
                _("Someone changed this action after you opened it; look at it again.")
            )
        merged = {name: getattr(locked, name) for name in EDITABLE} | fields
        merged = _checked(
            locked.team,
            merged,
            owner_changed=getattr(merged["owner"], "pk", None) != locked.owner_id,
        )
        if merged["status"] != Action.Status.DROPPED and _live_duplicate(
            locked.team, merged.get("characteristic"), exclude=locked
        ):
            raise PlanError(_("The team has an action for this characteristic already."))
        became_done = merged["status"] == Action.Status.DONE and locked.status != Action.Status.DONE
        _done_fields(locked, merged["status"], by)
        for name, value in merged.items():
            setattr(locked, name, value)
        locked.save()
        if became_done:
            action_done_on_commit(locked.pk)
    return locked


def action_delete(*, action: Action, by: User) -> None:
    if action.team.archived:
        raise PlanError(_("The team is archived; its plan can be read, not changed."))
    action.delete()
