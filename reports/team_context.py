"""What a team's PDF report shows: page 1 sums up its most recent result, then one section per
model version it has submitted results of, each with its own latest result and trend.

Two models (or two versions of one) have their own areas, dimensions and scales: a trend or
a change is only ever drawn between results of one version, as on the team's page.
"""

from django.utils.translation import gettext as _

from assessments import selectors
from assessments.models import Assessment
from dashboards import charts
from dashboards import selectors as dashboards
from dashboards.history import TeamHistory, shown_targets, team_history, team_models
from reports import summary
from reports.errors import ReportError
from reports.models import Report


def team_context(report: Report) -> dict:
    team = report.team
    if team is None:
        raise ReportError(_("The team of this report no longer exists."))
    submitted = list(
        Assessment.objects.filter(team=team, state=Assessment.State.SUBMITTED)
        .select_related("model")
        .order_by("date", "pk")
    )
    if not submitted:
        raise ReportError(_("The team has no submitted assessment yet."))
    targets = selectors.current_targets(team)
    models = team_models(submitted)  # the most recent result's model first
    histories = [
        team_history(submitted, selectors.outline(model)["dimensions"], model) for model in models
    ]
    # The latest result of every model, per area, in one query.
    area_scores = dashboards.area_scores([history.latest.pk for history in histories])
    sections = [
        _model_section(model, history, area_scores[history.latest.pk], targets)
        for model, history in zip(models, histories, strict=True)
    ]
    first = sections[0]
    return {
        "team": team,
        "submitted_count": len(submitted),
        "sections": sections,
        # The figures of page 1 and, for the templates written for one model, its section.
        "dimensions": first["dimensions"],
        "rows": first["rows"],
        "latest": first["latest"],
        "previous": first["previous"],
        "change": first["change"],
        "trend": first["trend"],
        "summary": summary.team_summary(team, histories[0]),
    }


def _model_section(model, history: TeamHistory, area_scores, targets) -> dict:
    outline = selectors.outline(model)
    shown = shown_targets(targets, outline)
    latest, previous = history.latest, history.previous
    return {
        "model": model,
        "dimensions": outline["dimensions"],
        "rows": history.rows(),
        "latest": latest,
        "previous": previous,
        "overall_level": next(
            (level for level in outline["levels"] if level.key == latest.overall_level), None
        ),
        "area_rows": [
            (area, *area_scores.get(area.key, (None, None)), shown.get(area.dimension))
            for area in outline["areas"]
        ],
        "change": [
            (d, history.score(previous, d.key), history.score(latest, d.key))
            for d in outline["dimensions"]
        ]
        if previous
        else [],
        "trend": charts.trend(
            [a.label for a in history.assessments],
            history.series(_("Overall")),
            max_value=len(outline["levels"]) - 1,
            title=_("Scores over time"),
        ),
    }
