"""Machine-readable results of an organisation (DESIGN.md, "Machine-readable outputs")."""

import csv
import io

from assessments import selectors
from assessments.models import Assessment

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


# A spreadsheet reads a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value):
    """A text for a CSV or XLSX cell that a spreadsheet shows as text, never runs as a formula:
    one starting like a formula gets a leading single quote. Numbers stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def two_decimals(value):
    return None if value is None else round(value, 2)


def _load(organisation):
    assessments = list(
        Assessment.objects.filter(team__organisation=organisation)
        .select_related("team", "model")
        .order_by("team__slug", "date", "pk")
    )
    results = selectors.results(assessments)
    respondents = selectors.respondent_count([a.pk for a in assessments])
    return [(a, results[a.pk], respondents.get(a.pk, 0)) for a in assessments]


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


def results_csv(organisation):
    """One row per assessment and area (the same figures as the JSON export; a text that a
    spreadsheet would take for a formula starts with a single quote)."""
    rows = _load(organisation)
    structures = selectors.area_models({assessment.model_id for assessment, _r, _n in rows})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for assessment, result, respondents in rows:
        item = _assessment(assessment, result, respondents)
        common = {
            "organisation": organisation.slug,
            **{key: item[key] for key in CSV_COLUMNS[1:8]},
            "overall_score": (item["overall"] or {}).get("score"),
            "overall_level": (item["overall"] or {}).get("level"),
        }
        for area in structures.get(assessment.model_id, []):
            figures = item["areas"].get(area.key)
            dimension = item["dimensions"].get(area.dimension, {})
            row = {
                **common,
                "area": area.key,
                "dimension": area.dimension,
                "dimension_score": dimension.get("score"),
                "dimension_level": dimension.get("level"),
                **({**figures, "ticked": " ".join(figures["ticked"])} if figures else {}),
            }
            writer.writerow({key: spreadsheet_text(value) for key, value in row.items()})
    return out.getvalue()


def results_xlsx(organisation):
    """The CSV's rows as an Excel workbook (numbers stay numbers; control characters, which
    a workbook cannot hold, are left out)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Results"
    rows = list(csv.reader(io.StringIO(results_csv(organisation))))
    numeric = {
        "respondents",
        "level",
        "new_next",
        "score",
        "dimension_score",
        "dimension_level",
        "overall_score",
        "overall_level",
    }
    header = rows[0]
    sheet.append(header)
    for row in rows[1:]:
        sheet.append(
            [
                (float(value) if "." in value else int(value))
                if name in numeric and value
                else ILLEGAL_CHARACTERS_RE.sub("", value)
                for name, value in zip(header, row, strict=True)
            ]
        )
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
