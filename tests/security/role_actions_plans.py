"""The role matrix's actions on plans and common gaps (issue 17), each through the real
endpoint: (response, whether the effect happened). Registered in role_actions.ACTIONS."""

import csv
import io

from openpyxl import load_workbook

from maturity.models import Characteristic
from plans.models import Action
from tests.security.role_actions import action
from tests.security.role_world import context_value, make_assessment, shown

# At level 1 of the mini model, the next step's new characteristics are the team's gaps.
GAP = "collaboration.2.2"  # 2.1 repeats a level-1 text: not new, not a gap


def _characteristic(w, key=GAP):
    return Characteristic.objects.select_related("area").get(model=w.model, key=key)


def _plan_action(w, **fields):
    """A free action of fraud-ml, written by the reporter (a manager)."""
    return Action.objects.create(
        team=w.team, title="Write the on-call runbook", created_by=w.reporter, **fields
    )


def _body(response):
    if response.status_code != 200:
        return b""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


# --- a team's plan ------------------------------------------------------------------------


@action
def see_plan(w):
    _plan_action(w)
    response = w.client.get(w.team_url("plans:plan"))
    return response, shown(response, "plans/plan.html") and (
        "Write the on-call runbook" in response.content.decode()
    )


@action
def take_action(w):
    assessment = make_assessment(w, submitted=True)
    characteristic = _characteristic(w)
    response = w.client.post(
        w.team_url("plans:take"),
        {"characteristic": characteristic.pk, "assessment": assessment.pk},
    )
    return response, Action.objects.filter(
        team=w.team, characteristic=characteristic, assessment=assessment, created_by=w.actor
    ).exists()


@action
def add_action(w):
    response = w.client.post(
        w.team_url("plans:new"),
        {"title": "Pair on every release", "note": "free", "status": "open", "due": ""},
    )
    return response, Action.objects.filter(
        team=w.team, title="Pair on every release", created_by=w.actor, characteristic=None
    ).exists()


@action
def edit_action(w):
    planned = _plan_action(w)
    response = w.client.post(
        w.team_url("plans:edit", planned.pk),
        {
            "title": "Write and test the runbook",
            "note": "edited",
            "owner": w.spare.pk,
            "status": "in_progress",
            "seen": planned.updated_at.isoformat(),
        },
    )
    planned.refresh_from_db()
    return response, (
        planned.title == "Write and test the runbook"
        and planned.owner == w.spare
        and planned.status == Action.Status.IN_PROGRESS
    )


@action
def change_action_status(w):
    planned = _plan_action(w)
    response = w.client.post(w.team_url("plans:status", planned.pk), {"status": "done"})
    planned.refresh_from_db()
    return response, planned.status == Action.Status.DONE and planned.done_by == w.actor


@action
def delete_action(w):
    planned = _plan_action(w)
    response = w.client.post(w.team_url("plans:delete", planned.pk))
    return response, not Action.objects.filter(pk=planned.pk).exists()


@action
def export_plan_csv(w):
    _plan_action(w)
    response = w.client.get(w.team_url("plans:export"))
    return response, b"Write the on-call runbook" in _body(response)


@action
def export_all_actions(w):
    _plan_action(w)
    Action.objects.create(team=w.other_team, title="Retrain weekly", created_by=w.reporter)
    response = w.client.get(w.url("plans:export_all"))
    body = _body(response)
    return response, b"Write the on-call runbook" in body and b"Retrain weekly" in body


# --- the organisation's common gaps ---------------------------------------------------------


def _gap_texts(found):
    return [gap.characteristic.key for area in found.areas for gap in area.gaps] if found else []


@action
def see_gaps(w):
    make_assessment(w, submitted=True)
    response = w.client.get(w.url("plans:gaps"), {"model": w.model.pk})
    found = context_value(response, "gaps")
    return response, shown(response, "plans/gaps.html") and GAP in _gap_texts(found)


@action
def see_gap_teams(w):
    make_assessment(w, submitted=True)
    response = w.client.get(w.url("plans:gap_teams", _characteristic(w).pk))
    page = context_value(response, "page")
    return response, shown(response, "plans/gap_teams.html") and (
        [row["team_slug"] for row in page.object_list] == [w.team.slug]
    )


@action
def export_gaps_csv(w):
    make_assessment(w, submitted=True)
    response = w.client.get(w.url("reports:gaps_csv"), {"model": w.model.pk})
    rows = list(csv.DictReader(io.StringIO(_body(response).decode())))
    return response, any(row["team_names"] == w.team.name for row in rows)


@action
def export_gaps_xlsx(w):
    make_assessment(w, submitted=True)
    response = w.client.get(w.url("reports:gaps_xlsx"), {"model": w.model.pk})
    body = _body(response)
    if not body:
        return response, False
    sheet = load_workbook(io.BytesIO(body)).active
    names = [row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    return response, w.team.name in names
