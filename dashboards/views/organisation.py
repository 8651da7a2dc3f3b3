"""The organisation's dashboard and the comparison of chosen teams."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.permissions import organisation_view, visible_teams
from accounts.selectors import with_member_count
from assessments import selectors
from assessments.models import AreaScore
from dashboards import cache, rounds
from dashboards import selectors as dashboards
from dashboards.charts import Chart
from dashboards.forms import FilterForm
from dashboards.selectors import Filters

TEAMS_PER_PAGE = 50


@organisation_view()
def organisation(request, organisation):
    """Managers and admins see the dashboard; members and viewers see their teams."""
    if not request.user.has_perm("dashboards.view_organisation_dashboard", organisation):
        return _member_home(request, organisation)
    models = list(selectors.models_for(organisation))
    every_round = list(rounds.organisation_rounds(organisation))
    form = FilterForm(
        request.GET or None,
        models=models,
        rounds=[r for r in every_round if r.model_id in {m.pk for m in models}],
    )
    if request.GET and not form.is_valid():
        messages.error(request, _("Some filters were not understood and are ignored."))
    filters = form.filters(default_model=models[0] if models else None)
    start = dashboards.organisation_start(organisation)
    current = _current_round(organisation, every_round, filters.model)
    if filters.model is None:
        return render(
            request,
            "dashboards/organisation.html",
            {
                "organisation": organisation,
                "no_models": True,
                "form": form,
                "start": start,
                **current,
            },
        )
    outline = selectors.outline(filters.model)
    areas, dimensions = outline["areas"], outline["dimensions"]
    page = Paginator(dashboards.teams_with_latest(organisation, filters), TEAMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    latest = {}
    for assessment_id, area, score, area_level, label, level in AreaScore.objects.filter(
        assessment_id__in=[t.latest_id for t in page.object_list if t.latest_id]
    ).values_list(
        "assessment_id",
        "area_key",
        "score",
        "level",
        "assessment__label",
        "assessment__overall_level",
    ):
        entry = latest.setdefault(
            assessment_id, {"label": label, "level": level, "areas": {}, "levels": {}}
        )
        entry["areas"][area] = score
        entry["levels"][area] = area_level
    display = selectors.ModelDisplay.of(filters.model)
    heat_rows = []
    for team in page.object_list:
        entry = latest.get(team.latest_id, {"areas": {}, "levels": {}})
        heat_rows.append(
            {
                "team": team,
                "label": entry.get("label"),
                "level": entry.get("level"),
                "held_back": selectors.held_back(
                    display, team.latest_score, entry.get("level"), entry["levels"]
                ),
                "cells": [entry["areas"].get(area.key) for area in areas],
            }
        )
    figures = cache.organisation_figures(organisation, filters)
    distribution = figures["distribution"]
    levels = outline["levels"]
    distribution_chart = Chart(
        "stacked",
        _("Teams at each level, per dimension"),
        [d.name for d in dimensions],
        [
            (
                _("Level %(number)s") % {"number": level.key},
                [distribution.get(d.key, {}).get(level.key, 0) for d in dimensions],
            )
            for level in levels
        ],
    )
    trend = figures["trend"]
    trend_chart = Chart(
        "trend",
        _("Overall score of the teams per quarter: median and middle half"),
        [quarter.label for quarter in trend],
        [(_("Median"), [quarter.median for quarter in trend])],
        max=len(levels) - 1,
        band=[[quarter.low, quarter.high] for quarter in trend],
    )
    return render(
        request,
        "dashboards/organisation.html",
        {
            "organisation": organisation,
            "start": start,
            "form": form,
            "filters": filters,
            "areas": areas,
            "dimensions": dimensions,
            "levels": levels,
            "page": page,
            "heat_rows": heat_rows,
            "distribution": [
                (d, [distribution.get(d.key, {}).get(level.key, 0) for level in levels])
                for d in dimensions
            ],
            "distribution_chart": distribution_chart,
            "trend": trend,
            "trend_chart": trend_chart,
            "below_target": figures["below_target"],
            "stale": figures["stale"],
            # Whether any team has a result within the filters (of the model shown).
            "has_round_results": bool(distribution),
            "dimension_names": {d.key: d.name for d in dimensions},
            "query": _query_without(request, "sort", "page"),
            "page_query": _query_without(request, "page"),
            **current,
        },
    )


def _current_round(organisation, every_round, model=None):
    """The current round and its completion, for the box at the top (one query): that of
    the model shown when it has one, else any (a round under way is news either way)."""
    current = None
    if model is not None:
        current = rounds.current_round([r for r in every_round if r.model_id == model.pk])
    current = current or rounds.current_round(every_round)
    if current is None:
        return {"current_round": None}
    return {
        "current_round": current,
        "completion": rounds.completion(current),
        "round_url": rounds.progress_url(organisation, current),
    }


def _query_without(request, *names):
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _member_home(request, organisation):
    teams = with_member_count(visible_teams(request.user, organisation)).order_by("name", "pk")
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "teams": teams[:12],
            "team_count": teams.count(),
            "member_count": organisation.memberships.count(),
        },
    )


@organisation_view("dashboards.compare_teams")
def compare(request, organisation):
    """2 to 5 teams side by side: their latest results over the areas."""
    slugs = list(dict.fromkeys(request.GET.getlist("teams")))
    models = list(selectors.models_for(organisation))
    # A slug with NUL is no team's (and PostgreSQL cannot even compare it).
    valid = [slug for slug in slugs if "\x00" not in slug]
    chosen = list(visible_teams(request.user, organisation).filter(slug__in=valid))
    if len(chosen) != len(slugs):
        raise Http404("No such team")  # another organisation's team looks like no team at all
    all_teams = (
        visible_teams(request.user, organisation).order_by("name").values_list("slug", "name")
    )
    model = _compared_model(request, models, chosen)
    context = {
        "organisation": organisation,
        "all_teams": all_teams,
        "chosen": slugs,
        "models": models,
        "model": model,
    }
    if not 2 <= len(chosen) <= 5:
        if slugs:
            messages.error(request, _("Choose between 2 and 5 teams to compare."))
        return render(request, "dashboards/compare.html", context, status=400 if slugs else 200)
    if model is None:
        return render(request, "dashboards/compare.html", context)
    # Only results of this one model version are compared: another's scale is not the same.
    filters = Filters(model=model)
    teams = list(
        dashboards.teams_with_latest(
            organisation, filters, teams=organisation.teams.filter(pk__in=[t.pk for t in chosen])
        )
    )
    outline = selectors.outline(model)
    scores = dashboards.area_scores([t.latest_id for t in teams if t.latest_id])
    rows = [
        (
            team,
            [
                scores.get(team.latest_id, {}).get(area.key, (None, None))[1]
                for area in outline["areas"]
            ],
        )
        for team in teams
        if team.latest_id
    ]
    context.update(
        rows=rows,
        without_result=[team.name for team in teams if not team.latest_id],
        areas=outline["areas"],
        chart=Chart(
            "radar",
            _("Latest results of the chosen teams per area"),
            [area.name for area in outline["areas"]],
            [(team.name, values) for team, values in rows],
            max=len(outline["levels"]) - 1,
        ),
    )
    return render(request, "dashboards/compare.html", context)


def _compared_model(request, models, chosen):
    """The model version whose results are compared (`?model=<pk>`, one the organisation
    uses, else 404); default: that of the chosen teams' most recent submitted result."""
    raw = request.GET.get("model")
    if raw:
        model = next((m for m in models if str(m.pk) == raw), None)
        if model is None:
            raise Http404("No such model")
        return model
    recent = dashboards.most_recent_model_id(chosen) if chosen else None
    return next((m for m in models if m.pk == recent), models[0] if models else None)
