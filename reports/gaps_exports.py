"""The organisation's common gaps as CSV and XLSX: the figures of the page (plans.gaps), with
every team's name. Here rather than in plans because the workbook writer is the reports'."""

import csv
import io
from collections.abc import Iterator

from accounts.spreadsheets import spreadsheet_text
from plans.gaps import CommonGaps
from reports.xlsx import write_workbook

GAP_COLUMNS = [
    "area",
    "dimension",
    "characteristic",
    "level",
    "teams_missing",
    "share",
    "teams_with_action",
    "team_names",
]


def gap_rows(found: CommonGaps) -> Iterator[list]:
    """One row per characteristic in GAP_COLUMNS' order, areas in model order, the most
    common first; texts made safe for spreadsheets, numbers as numbers. `found` must hold
    every team's name (`common_gaps(..., teams_shown=None)`)."""
    for area_gaps in found.areas:
        area = area_gaps.area
        for gap in area_gaps.gaps:
            yield [
                spreadsheet_text(area.name),
                spreadsheet_text(area.dimension.name),
                spreadsheet_text(gap.characteristic.text),
                gap.level.number if gap.level else None,
                gap.teams,
                round(gap.share, 4),
                gap.with_action,
                spreadsheet_text("; ".join(team.name for team in gap.first_teams)),
            ]


def gaps_csv(found: CommonGaps) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(GAP_COLUMNS)
    writer.writerows(gap_rows(found))
    return out.getvalue()


def gaps_xlsx(found: CommonGaps, out) -> None:
    """The CSV's rows as a workbook written into the binary file `out`."""
    write_workbook(out, title="Common gaps", header=GAP_COLUMNS, rows=gap_rows(found))
