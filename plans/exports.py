"""Actions as CSV in the layout issue trackers import (Jira's CSV importer, GitHub and GitLab
import tools map these columns): one row per action, texts in the reader's language."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.spreadsheets import CONTROL, FORMULA_STARTS, spreadsheet_text
from plans.links import plan_path
from plans.models import Action

CSV_COLUMNS = ["Summary", "Description", "Assignee", "Due date", "Labels", "Status"]
# Every exported issue carries it, so that a tracker's search finds them all.
LABEL = "maturity"


def actions_for_export(actions: QuerySet, everything: bool = False) -> QuerySet:
    """The actions with what their rows show, in one query; dropped ones only if asked."""
    if not everything:
        actions = actions.exclude(status=Action.Status.DROPPED)
    return actions.select_related("team__organisation", "owner", "area", "characteristic").order_by(
        "team__name", "team_id", "due", "pk"
    )


def _label(text: str) -> str:
    # A tracker splits labels at spaces.
    return "-".join(str(text).split())


def _paragraphs(parts: list[str]) -> str:
    """Paragraphs in one cell: spreadsheet_text would remove the line breaks with the other
    control characters; only the cell's start can make it a formula."""
    lines = (CONTROL.sub("", line) for part in parts for line in [*part.splitlines(), ""])
    text = "\n".join(lines).strip()
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def action_row(action: Action, absolute: Callable[[str], str]) -> list[str]:
    """One CSV row; `absolute` makes a path an address (the request's host)."""
    team = action.team
    description = [action.note] if action.note else []
    if action.area is not None:
        description.append(_("Area: %(area)s") % {"area": action.area.name})
    if action.characteristic is not None:
        description.append(
            _("Characteristic: %(text)s") % {"text": " ".join(action.characteristic.text.split())}
        )
    url = absolute(plan_path(team.organisation.slug, team.slug))
    description.append(_("Plan: %(url)s") % {"url": url})
    labels = [LABEL, _label(f"team-{team.slug}")]
    if action.area is not None:
        labels.insert(1, _label(f"area-{action.area.key}"))
    return [
        spreadsheet_text(action.title),
        _paragraphs(description),
        spreadsheet_text(action.owner.email if action.owner else ""),
        action.due.isoformat() if action.due else "",
        " ".join(labels),
        spreadsheet_text(str(action.get_status_display())),
    ]


class _Line:
    """A file that hands back what the csv writer wrote to it."""

    def write(self, text):
        return text


def actions_csv_chunks(
    actions: Iterable[Action], absolute: Callable[[str], str], batch: int = 500
) -> Iterator[str]:
    writer = csv.writer(_Line(), lineterminator="\n")
    yield writer.writerow(CSV_COLUMNS)
    chunk = []
    for action in actions:
        chunk.append(writer.writerow(action_row(action, absolute)))
        if len(chunk) >= batch:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)
