"""What each kind of PDF report shows, built from the same selectors as the pages."""

from django.utils.translation import gettext as _

from assessments import responses, selectors
from dashboards import cache, charts
from dashboards import rounds as dashboard_rounds
from dashboards import selectors as dashboards
from dashboards.history import dimension_rows
from dashboards.rounds import TeamStatus
from dashboards.selectors import Filters
from plans import follow_up
from plans.gaps import common_gaps
from reports import assessment_report, summary
from reports.errors import ReportError
from reports.models import Report
from reports.team_context import team_context as team_context  # the team's report, per model


def assessment_context(report: Report) -> dict:
    assessment = report.assessment
    if assessment is None:
        raise ReportError(_("The assessment of this report no longer exists."))
    display = selectors.ModelDisplay.of(assessment.model)
    outline = selectors.outline(assessment.model)
    structures = display.area_models()
    result = selectors.result(assessment, {assessment.model_id: structures})
    targets = selectors.current_targets(assessment.team)
    area_targets = {a.key: targets[a.dimension] for a in outline["areas"] if a.dimension in targets}
    said = responses.responses(assessment, display)
    # The same result and responses as the results page; the sections add the agreed notes
    # and the plan's actions (two queries for all areas).
    areas, appendix = assessment_report.area_sections(assessment, display, result, said)
    series = [
        (
            assessment.label,
            [
                result.areas[a.key].score if a.key in result.areas else None
                for a in outline["areas"]
            ],
        )
    ]
    if area_targets:
        series.append((_("Target"), [area_targets.get(a.key) for a in outline["areas"]]))
    held_back = selectors.result_held_back(display, result)
    return {
        "assessment": assessment,
        "team": assessment.team,
        "respondent_count": said.respondent_count,
        "result": result,
        "overall_held_back": held_back.get("overall", ""),
        "display": display,
        "overall_level": display.levels.get(result.overall.level) if result.overall else None,
        "dimensions": dimension_rows(
            display.dimensions.values(),
            {key: (d.score, d.level) for key, d in result.dimensions.items()},
            display.levels,
            targets,
            held_back,
        ),
        "areas": areas,
        "appendix": appendix,
        "radar": charts.radar(
            [a.name for a in outline["areas"]],
            series,
            max_value=len(outline["levels"]) - 1,
            title=_("Result per area"),
        ),
        "steps": selectors.roadmap_steps(display, structures, result, targets=area_targets or None),
        "checks": follow_up.plan_check(assessment, result, display),
        "summary": summary.assessment_summary(assessment, result, display),
    }


# The heat map of teams × areas only up to a page of teams. At 1,000 teams it ran to 25 pages
# nobody reads (issue 18) and drawing them was much of the build's time; above this limit the
# report has the compact team table alone (one line per team, the same levels as numbers).
HEATMAP_TEAMS = 40
# "Teams below target": one line per team and dimension up to this many rows; above it one line
# per team listing its dimensions below target ("Processes 1→3, People 2→3"). At 1,000 teams
# the rows ran to 8 pages; grouped they are one line per team in the compact table's style.
BELOW_TARGET_ROWS = 40
# The text's width of a page in CSS pixels, the heat map's unit: A4 less report.css's @page
# margins (16mm each side) is 178mm at 96 pixels an inch. A heat map is split into groups of
# areas no wider than this, so that its cells keep their size (44 px) instead of shrinking.
PAGE_WIDTH_PX = (210 - 2 * 16) / 25.4 * 96
# The team table's area columns per part: 12 columns of scores beside the name and the date (or
# the overall score) keep about 9mm each in 7pt, wide enough for "2.5" and a wrapped heading.
TEAM_TABLE_AREAS = 12
GAPS_PER_AREA = 5  # "Where to invest": the most common gaps of each area; the page has all


def organisation_context(report: Report) -> dict:
    organisation = report.organisation
    models = list(selectors.models_for(organisation))
    if not models:
        raise ReportError(_("The organisation uses no maturity model yet."))
    model = next((m for m in models if m.pk == report.model_id), models[0])
    context = _figures(organisation, Filters(model=model, sort="name"))
    trend = context["trend"]
    context["trend_chart"] = (
        charts.trend(
            [q.label for q in trend],
            [(_("Median"), [q.median for q in trend])],
            max_value=len(context["levels"]) - 1,
            bands=[(q.low, q.high) for q in trend],
            title=_("Overall score of the teams per quarter: median and middle half"),
        )
        if trend
        else None
    )
    context["summary"] = summary.organisation_summary(organisation, context)
    return context


def round_context(report: Report) -> dict:
    """The organisation's report limited to the round: each of its teams with its assessment
    in the round, and how far the round has come. The trend over the quarters is the
    organisation's, not the round's, and stays in the organisation's report."""
    round_ = report.round
    if round_ is None:
        raise ReportError(_("The round of this report no longer exists."))
    context = _figures(report.organisation, Filters(model=round_.model, round=round_, sort="name"))
    del context["trend"]
    statuses = dashboard_rounds.team_statuses(round_)
    # Above a page of teams the table of where each team stands lists only the teams that have
    # not submitted: the submitted ones are counted under "Completion" and each has its line
    # (and date) in the team table. 1,000 rows of "Submitted" made the report 39 pages.
    large = len(statuses) > HEATMAP_TEAMS
    context.update(
        round=round_,
        completion=dashboard_rounds.completion(round_),
        statuses=statuses,
        statuses_listed=[s for s in statuses if s.status is not TeamStatus.SUBMITTED]
        if large
        else statuses,
        statuses_open_only=large,
    )
    context["summary"] = summary.organisation_summary(report.organisation, context, round_)
    return context


def _figures(organisation, filters: Filters) -> dict:
    """What the organisation's and a round's reports share: the dashboard's figures for the
    filters (the same selectors, the same cache), as tables and charts."""
    outline = selectors.outline(filters.model)
    levels, areas, dimensions = outline["levels"], outline["areas"], outline["dimensions"]
    teams = list(dashboards.teams_with_latest(organisation, filters))
    scores = dashboards.area_scores([t.latest_id for t in teams if t.latest_id])
    rows = [
        (t, [scores.get(t.latest_id, {}).get(a.key, (None, None))[1] for a in areas]) for t in teams
    ]
    heatmaps = _heatmaps(rows, areas, len(levels) - 1) if 0 < len(rows) <= HEATMAP_TEAMS else []
    figures = cache.organisation_figures(organisation, filters)
    distribution = figures["distribution"]
    gaps = common_gaps(organisation, filters.model, round_=filters.round)
    return {
        "gaps": gaps.top(GAPS_PER_AREA),
        "model": filters.model,
        "teams": rows,
        "areas": areas,
        "levels": levels,
        "heatmaps": heatmaps,
        "team_tables": _team_tables(rows, areas),
        "heatmap_limit": HEATMAP_TEAMS,
        "distribution": [
            (d, [distribution.get(d.key, {}).get(level.key, 0) for level in levels])
            for d in dimensions
        ],
        "distribution_chart": charts.stacked_bars(
            [d.name for d in dimensions],
            [
                (
                    _("Level %(number)s") % {"number": level.key},
                    [distribution.get(d.key, {}).get(level.key, 0) for d in dimensions],
                )
                for level in levels
            ],
            title=_("Teams at each level, per dimension"),
        ),
        "trend": figures["trend"],
        "below_target": figures["below_target"],
        "below_target_grouped": _below_target_grouped(figures["below_target"], dimensions),
        "below_target_limit": BELOW_TARGET_ROWS,
        "dimension_names": {d.key: d.name for d in dimensions},
    }


def _heatmaps(rows, areas, top) -> list[str]:
    """The heat map of teams × areas, one drawing per group of areas that fits the page's width
    (a model may have up to 60 areas); each repeats the team names."""
    teams, names = [t.name for t, _v in rows], [a.name for a in areas]
    chunks = charts.column_chunks(teams, names, max_width=PAGE_WIDTH_PX, max_value=top)
    drawings = []
    for start, stop in chunks:
        title = _("Teams and areas")
        if len(chunks) > 1:
            title = _("Teams and areas (areas %(first)s–%(last)s of %(count)s)") % {
                "first": start + 1,
                "last": stop,
                "count": len(names),
            }
        drawings.append(
            charts.heatmap(
                teams,
                names[start:stop],
                [values[start:stop] for _t, values in rows],
                max_value=top,
                title=title,
            )
        )
    return drawings


def _team_tables(rows, areas) -> list[dict]:
    """The team table in parts of at most TEAM_TABLE_AREAS areas, each with the team names: the
    first part has the date, the last the overall score. One part for most models."""
    count = -(-len(areas) // TEAM_TABLE_AREAS) or 1
    size = -(-len(areas) // count) or 1  # evenly: 15 areas as 8 + 7
    return [
        {
            "areas": areas[start : start + size],
            "rows": [(team, values[start : start + size]) for team, values in rows],
            "first": start == 0,
            "last": start + size >= len(areas),
        }
        for start in range(0, max(len(areas), 1), size)
    ]


def _below_target_grouped(rows, dimensions) -> list[tuple[str, str]] | None:
    """Above BELOW_TARGET_ROWS: (team name, "Processes 1→3, People 2→3") per team, in the
    rows' order (by team name, then dimension); None when the table stays one row each."""
    if len(rows) <= BELOW_TARGET_ROWS:
        return None
    names = {d.key: d.name for d in dimensions}
    grouped: dict[tuple[str, str], list[str]] = {}
    for slug, name, key, level, target in rows:
        # Keyed by slug: two teams may share a name.
        grouped.setdefault((slug, name), []).append(f"{names.get(key, key)} {level}→{target}")
    return [(name, ", ".join(parts)) for (_slug, name), parts in grouped.items()]
