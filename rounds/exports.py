"""A round's progress as CSV: the rows of the progress page, one per team, streamed."""

import csv
from collections.abc import Iterable, Iterator

from accounts.spreadsheets import spreadsheet_text
from rounds.selectors import TeamProgress

CSV_COLUMNS = [
    "team",
    "team_slug",
    "stage",
    "respondents",
    "finished",
    "started",
    "not_started",
    "disagreements",
    "submitted",
    "late",
]


def progress_row(team: TeamProgress) -> list:
    """Texts made safe for spreadsheets (a name starting with = is shown, never run)."""
    return [
        spreadsheet_text(team.team_name),
        spreadsheet_text(team.team_slug),
        team.stage,
        team.respondents,
        team.finished,
        team.started,
        team.not_started,
        team.disagreements,
        "yes" if team.submitted else "no",
        "yes" if team.late else "no",
    ]


class _Line:
    """A file that hands back what the csv writer wrote to it."""

    def write(self, text):
        return text


def progress_csv_chunks(teams: Iterable[TeamProgress], batch: int = 500) -> Iterator[str]:
    writer = csv.writer(_Line(), lineterminator="\n")
    yield writer.writerow(CSV_COLUMNS)
    chunk = []
    for team in teams:
        chunk.append(writer.writerow(progress_row(team)))
        if len(chunk) >= batch:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)
