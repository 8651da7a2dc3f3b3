"""Machine-readable results of an organisation (DESIGN.md, "Machine-readable outputs")."""

import csv
from collections.abc import Iterator

from accounts.spreadsheets import spreadsheet_text
from assessments import selectors
from assessments.models import Assessment
from reports.xlsx import write_workbook

CSV_COLUMNS = [
    "organisation",
    "team",
    "label",
    "date",
    "model",
    "version",
    "state",
    "respondents",
    "area",
    "level",
    "reached",
    "ticked",
    "new_next",
    "score",
    "source",
    "dimension",
    "dimension_score",
    "dimension_level",
    "overall_score",
    "overall_level",
]


def two_decimals(value):
    return None if value is None else round(value, 2)


def _load(organisation):
    return _with_results(
        Assessment.objects.filter(team__organisation=organisation)
        .select_related("team", "model")
        .order_by("team__slug", "date", "pk")
    )


def _with_results(assessments):
    assessments = list(assessments)
    results = selectors.results(assessments)
    respondents = selectors.respondent_count([a.pk for a in assessments])
    return [(a, results[a.pk], respondents.get(a.pk, 0)) for a in assessments]


def assessments_export(assessments) -> list[dict]:
    """The export's item of each assessment (team and model read with them), in a fixed
    number of queries: what the API gives for an assessment is what the export gives."""
    return [_assessment(*row) for row in _with_results(assessments)]


def results_export(organisation):
    """The organisation's assessments with their results, in a fixed number of queries."""
    return {
        "organisation": organisation.slug,
        "assessments": [_assessment(*row) for row in _load(organisation)],
    }


def _assessment(assessment, result, respondents):
    return {
        "team": assessment.team.slug,
        "label": assessment.label,
        "date": assessment.date.isoformat(),
        "model": assessment.model.slug,
        "version": assessment.model.version,
        "state": assessment.state,
        "respondents": respondents,
        "areas": {
            key: {
                "level": area.level,
                "reached": area.reached,
                "ticked": list(area.ticked),
                "new_next": len(area.new_next),
                "score": two_decimals(area.score),
                "source": area.source,
            }
            for key, area in result.areas.items()
        },
        "dimensions": {
            key: {"score": two_decimals(d.score), "level": d.level}
            for key, d in result.dimensions.items()
        },
        "overall": {"score": two_decimals(result.overall.score), "level": result.overall.level}
        if result.overall
        else None,
    }


def result_rows(organisation) -> Iterator[list]:
    """One row per assessment and area in CSV_COLUMNS' order (the same figures as the JSON
    export): texts made safe for spreadsheets, numbers as numbers, None where there is none.
    A fixed number of queries, whatever the number of assessments."""
    rows = _load(organisation)
    structures = selectors.area_models({assessment.model_id for assessment, _r, _n in rows})
    slug = spreadsheet_text(organisation.slug)
    for assessment, result, respondents in rows:
        item = _assessment(assessment, result, respondents)
        overall = item["overall"] or {}
        common = [
            slug,
            *(spreadsheet_text(item[key]) for key in CSV_COLUMNS[1:7]),
            item["respondents"],
        ]
        for area in structures.get(assessment.model_id, []):
            figures = item["areas"].get(area.key) or {}
            dimension = item["dimensions"].get(area.dimension, {})
            ticked = figures.get("ticked")
            yield [
                *common,
                spreadsheet_text(area.key),
                figures.get("level"),
                figures.get("reached"),
                spreadsheet_text(" ".join(ticked)) if ticked is not None else None,
                figures.get("new_next"),
                figures.get("score"),
                spreadsheet_text(figures.get("source")),
                spreadsheet_text(area.dimension),
                dimension.get("score"),
                dimension.get("level"),
                overall.get("score"),
                overall.get("level"),
            ]


class _Line:
    """A file that hands back what the csv writer wrote to it."""

    def write(self, text):
        return text


def results_csv_chunks(organisation, batch: int = 1000) -> Iterator[str]:
    """The CSV export as pieces of text, for a streamed response."""
    writer = csv.writer(_Line(), lineterminator="\n")
    yield writer.writerow(CSV_COLUMNS)
    chunk = []
    for row in result_rows(organisation):
        chunk.append(writer.writerow(row))
        if len(chunk) >= batch:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)


def results_csv(organisation) -> str:
    """One row per assessment and area (the same figures as the JSON export; a text that a
    spreadsheet would take for a formula starts with a single quote)."""
    return "".join(results_csv_chunks(organisation))


def results_xlsx(organisation, out) -> None:
    """The CSV's rows as an Excel workbook written into the binary file `out`: numbers stay
    numbers, every text is a string cell (never a formula), the header row stays in view."""
    write_workbook(out, title="Results", header=CSV_COLUMNS, rows=result_rows(organisation))
