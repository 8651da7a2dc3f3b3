"""The organisation's common gaps (managers): where one investment helps many teams."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.permissions import organisation_view
from assessments import selectors
from plans import gaps
from plans.forms_gaps import gap_filters

TEAMS_PER_PAGE = 50


def _filters(request, organisation):
    form, filters = gap_filters(organisation, request.GET)
    if request.GET and not form.is_valid():
        messages.error(request, _("Some filters were not understood and are ignored."))
    return form, filters


@organisation_view("plans.view_gaps")
def common_gaps(request, organisation):
    form, filters = _filters(request, organisation)
    found = None
    if filters.model is not None:
        found = gaps.common_gaps(
            organisation, filters.model, round_=filters.round, dimension=filters.dimension
        )
    return render(
        request,
        "plans/gaps.html",
        {
            "organisation": organisation,
            "form": form,
            "filters": filters,
            "gaps": found,
            "query": filters.query(),
        },
    )


@organisation_view("plans.view_gaps")
def gap_teams(request, organisation, characteristic):
    """Every team missing one characteristic (of a model the organisation uses)."""
    form, filters = _filters(request, organisation)
    found = None
    for model in form.models.values():
        display = selectors.ModelDisplay.of(model)
        found = next((c for c in display.characteristics.values() if c.pk == characteristic), None)
        if found is not None:
            break
    if found is None:
        raise Http404("No such characteristic")
    round_ = filters.round if filters.round and filters.round.model_id == found.model_id else None
    model = form.models[found.model_id]
    display = selectors.ModelDisplay.of(model)
    rows = gaps.teams_missing(organisation, model, found.key, round_=round_)
    page = Paginator(rows, TEAMS_PER_PAGE).get_page(request.GET.get("page"))
    levels = {level.pk: level for level in display.levels.values()}
    area = next(a for a in display.areas.values() if a.pk == found.area_id)
    back = f"model={found.model_id}" + (f"&round={round_.pk}" if round_ else "")
    return render(
        request,
        "plans/gap_teams.html",
        {
            "organisation": organisation,
            "characteristic": found,
            "level": levels.get(found.level_id),
            "area": area,
            "model": model,
            "round": round_,
            "page": page,
            "back_query": back,
            "extra_query": back,
        },
    )
