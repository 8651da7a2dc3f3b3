"""A team's dashboard, the change between two of its assessments, and its targets."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.permissions import get_team_or_404, not_a_post, organisation_view
from assessments import scoring, selectors, services
from assessments.models import Assessment, DimensionScore
from dashboards import selectors as dashboards
from dashboards.charts import Chart
from dashboards.history import dimension_rows, shown_targets, team_history, team_models


def _level_labels(outline):
    return [f"{level.key} · {level.name}" for level in outline["levels"]]


@organisation_view()
def team_dashboard(request, organisation, team):
    team = get_team_or_404(request.user, organisation, team)
    members = Membership.objects.filter(teams=team).select_related("user").order_by("user__name")
    page = Paginator(
        Assessment.objects.filter(team=team).select_related("model").order_by("-date", "-pk"), 20
    ).get_page(request.GET.get("page"))
    history = list(
        Assessment.objects.filter(team=team, state=Assessment.State.SUBMITTED)
        .select_related("model")
        .order_by("date", "pk")
    )
    models = team_models(history)
    model = _chosen_model(request, models)
    open_assessments = selectors.open_assessments(team)
    can_answer = request.user.has_perm("assessments.start", team)
    context = {
        "organisation": organisation,
        "team": team,
        "members": members,
        "page": page,
        "history": history,
        "models": models,
        "model": model,
        "can_start": request.user.has_perm("assessments.start", team) and not team.archived,
        # While one is open, answering it is the main action; Start only for another model.
        "open_assessments": open_assessments if can_answer else [],
        "can_start_another": selectors.models_for(organisation)
        .exclude(pk__in=[a.model_id for a in open_assessments])
        .exists(),
        "can_set_targets": request.user.has_perm("assessments.set_targets", team),
    }
    targets = selectors.current_targets(team)
    if model is not None:
        targets = shown_targets(targets, selectors.outline(model))
        context.update(_team_charts(model, history, targets))
    context["targets"] = targets
    return render(request, "dashboards/team.html", context)


def _chosen_model(request, models):
    """The model version shown (`?model=<pk>`): one the team has submitted results of;
    default, that of its most recent one. Any other id (another organisation's model, one
    this team has no result of) is no page."""
    raw = request.GET.get("model")
    if not raw:
        return models[0] if models else None
    chosen = next((m for m in models if str(m.pk) == raw), None)
    if chosen is None:
        raise Http404("No result of this model")
    return chosen


def _team_charts(model, history, targets):
    """The latest result and the trend of one model version: a trend never mixes the scales
    of two models or two versions."""
    outline = selectors.outline(model)
    areas, dimensions, levels = outline["areas"], outline["dimensions"], outline["levels"]
    top = len(levels) - 1
    history = team_history(history, dimensions, model)
    latest = history.latest
    latest_scores = {
        d.key: history.scores.get((latest.pk, d.key), (None, None)) for d in dimensions
    }
    area_scores = dashboards.area_scores([latest.pk])[latest.pk]
    area_targets = {a.key: targets[a.dimension] for a in areas if a.dimension in targets}
    radar_sets = [(latest.label, [area_scores.get(a.key, (None, None))[1] for a in areas])]
    if area_targets:
        radar_sets.append((_("Target"), [area_targets.get(a.key) for a in areas]))
    bar_sets = [
        (
            latest.label,
            [latest_scores[d.key][0] for d in dimensions],
        )
    ]
    if targets:
        bar_sets.append((_("Target"), [targets.get(d.key) for d in dimensions]))
    display = selectors.ModelDisplay.of(model)
    structures = display.area_models()
    result = selectors.result(latest, {model.pk: structures})
    area_levels = {key: level for key, (level, _score) in area_scores.items()}
    held_back = {
        key: selectors.held_back(display, score, level, area_levels, key)
        for key, (score, level) in latest_scores.items()
    }
    steps = selectors.roadmap_steps(display, structures, result, targets=area_targets or None)
    return {
        "latest": latest,
        "areas": areas,
        "dimensions": dimensions,
        "levels": levels,
        "area_rows": [
            (a, area_scores.get(a.key, (None, None)), area_targets.get(a.key)) for a in areas
        ],
        "dimension_rows": dimension_rows(
            dimensions, latest_scores, display.levels, targets, held_back
        ),
        "overall_held_back": selectors.held_back(
            display, latest.overall_score, latest.overall_level, area_levels
        ),
        "trend_rows": history.rows(),
        "model_history": history.assessments,
        "radar": Chart(
            "radar",
            _("Latest result per area against the target"),
            [a.name for a in areas],
            radar_sets,
            max=top,
        ),
        "bars": Chart(
            "bars",
            _("Latest result per dimension"),
            [d.name for d in dimensions],
            bar_sets,
            max=top,
            tick_labels=_level_labels(outline),
        ),
        "trend": Chart(
            "trend",
            _("Scores over time"),
            [a.label for a in history.assessments],
            history.series(_("Overall")),
            max=top,
        ),
        "steps": steps,
    }


@organisation_view()
def changes(request, organisation, team):
    """The change between two submitted assessments of one team, per area and dimension."""
    team = get_team_or_404(request.user, organisation, team)
    submitted = list(
        Assessment.objects.filter(team=team, state=Assessment.State.SUBMITTED)
        .select_related("model")
        .order_by("-date", "-pk")
    )
    by_id = {str(a.pk): a for a in submitted}
    if (request.GET.get("from") and request.GET["from"] not in by_id) or (
        request.GET.get("to") and request.GET["to"] not in by_id
    ):
        raise Http404("No such assessment")
    after = by_id.get(request.GET.get("to")) or (submitted[0] if submitted else None)
    # By default the change since the previous result of the same model version.
    before = by_id.get(request.GET.get("from")) or next(
        (a for a in submitted if after and a.model_id == after.model_id and a != after), None
    )
    context = {
        "organisation": organisation,
        "team": team,
        "submitted": submitted,
        "several_models": len({a.model_id for a in submitted}) > 1,
        "before": before,
        "after": after,
    }
    if before and after and before.model_id == after.model_id:
        outline = selectors.outline(after.model)
        scores = dashboards.area_scores([before.pk, after.pk])
        dimension_scores = {
            (a, k): s
            for a, k, s in DimensionScore.objects.filter(
                assessment__in=[before, after]
            ).values_list("assessment_id", "dimension_key", "score")
        }

        def delta(old, new):
            return scoring.difference(new, old)

        context["area_rows"] = [
            (
                area,
                scores[before.pk].get(area.key, (None, None))[1],
                scores[after.pk].get(area.key, (None, None))[1],
            )
            for area in outline["areas"]
        ]
        context["area_rows"] = [
            (a, old, new, delta(old, new)) for a, old, new in context["area_rows"]
        ]
        context["dimension_rows"] = [
            (d, dimension_scores.get((before.pk, d.key)), dimension_scores.get((after.pk, d.key)))
            for d in outline["dimensions"]
        ]
        context["dimension_rows"] = [
            (d, old, new, delta(old, new)) for d, old, new in context["dimension_rows"]
        ]
        context["overall"] = (
            before.overall_score,
            after.overall_score,
            delta(before.overall_score, after.overall_score),
        )
    elif before and after:
        # Two models' (or versions') scales differ: no change is computed across them.
        messages.error(
            request,
            _(
                "%(before)s and %(after)s were answered with different models "
                "(%(before_model)s, %(after_model)s): only results of one model version "
                "can be compared. Choose two assessments of the same model."
            )
            % {
                "before": before.label,
                "after": after.label,
                "before_model": f"{before.model.name} {before.model.version}",
                "after_model": f"{after.model.name} {after.model.version}",
            },
        )
    return render(request, "dashboards/changes.html", context)


@organisation_view()
def set_targets(request, organisation, team):
    team = get_team_or_404(request.user, organisation, team)
    if refusal := not_a_post(request):
        return refusal
    if not request.user.has_perm("assessments.set_targets", team):
        raise PermissionDenied
    targets = {}
    for name, raw in request.POST.items():
        if name.startswith("target-"):
            # isdigit() alone lets "²" and numbers of thousands of digits through to int().
            level = raw.strip()
            if level and not (level.isascii() and level.isdigit() and len(level) <= 2):
                messages.error(request, _("A target is a level of the model."))
                return redirect("dashboards:team", organisation.slug, team.slug)
            targets[name.removeprefix("target-")] = int(level) if level else None
    try:
        with transaction.atomic():  # all targets or none
            for key, level in targets.items():
                services.target_set(team=team, dimension_key=key, level=level, by=request.user)
    except services.AssessmentError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The targets are saved."))
    return redirect("dashboards:team", organisation.slug, team.slug)
