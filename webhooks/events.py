"""The events' payloads, read from the write side's rows by id: the object's ids and key
figures, never who answered (anonymous rounds stay anonymous) nor who acted."""

from __future__ import annotations

import uuid

from django.utils import timezone

from assessments.models import Assessment
from plans.models import Action
from rounds.models import Round


def envelope(event: str, organisation_slug: str, data: dict) -> dict:
    """What every delivery carries: the event's type and id, when, which organisation."""
    return {
        "type": event,
        "id": str(uuid.uuid4()),
        "occurred_at": timezone.now().isoformat(),
        "organisation": organisation_slug,
        "data": data,
    }


def _iso(value):
    return value.isoformat() if value is not None else None


def assessment_data(assessments_ids: list[int]) -> list[tuple[int, str, dict]]:
    """(organisation id, slug, data) for each assessment, in one query."""
    rows = (
        Assessment.objects.filter(pk__in=assessments_ids)
        .select_related("team__organisation", "model")
        .order_by("pk")
    )
    return [
        (
            a.team.organisation_id,
            a.team.organisation.slug,
            {
                "assessment": {
                    "id": a.pk,
                    "label": a.label,
                    "date": _iso(a.date),
                    "state": a.state,
                    "submitted_at": _iso(a.submitted_at),
                    "overall_score": a.overall_score,
                    "overall_level": a.overall_level,
                    "model": {"slug": a.model.slug, "version": a.model.version},
                },
                "team": {"id": a.team_id, "slug": a.team.slug, "name": a.team.name},
            },
        )
        for a in rows
    ]


def round_data(round_id: int) -> tuple[int, str, dict] | None:
    round_ = Round.objects.select_related("organisation", "model").filter(pk=round_id).first()
    if round_ is None:
        return None
    return (
        round_.organisation_id,
        round_.organisation.slug,
        {
            "round": {
                "id": round_.pk,
                "label": round_.label,
                "opens_on": _iso(round_.opens_on),
                "deadline": _iso(round_.deadline),
                "closed_at": _iso(round_.closed_at),
                "anonymous": round_.anonymous,
                "teams": round_.entries.count(),
                "model": {"slug": round_.model.slug, "version": round_.model.version},
            }
        },
    )


def action_data(action_id: int) -> tuple[int, str, dict] | None:
    action = (
        Action.objects.select_related("team__organisation", "area", "characteristic")
        .filter(pk=action_id)
        .first()
    )
    if action is None:
        return None
    return (
        action.team.organisation_id,
        action.team.organisation.slug,
        {
            "action": {
                "id": action.pk,
                "title": action.title,
                "status": action.status,
                "due": _iso(action.due),
                "done_at": _iso(action.done_at),
                "area": action.area.key if action.area_id else None,
                "characteristic": action.characteristic.key if action.characteristic_id else None,
                "assessment": action.assessment_id,
            },
            "team": {"id": action.team_id, "slug": action.team.slug, "name": action.team.name},
        },
    )
