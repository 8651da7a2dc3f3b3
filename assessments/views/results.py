"""Results of an assessment, facilitation (agreeing answers), submit and reopen."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Role, User
from accounts.permissions import not_a_post, organisation_view
from assessments import responses, scoring, selectors, services
from assessments.forms import AgreeForm, ReopenForm
from assessments.models import AgreedAnswer
from assessments.permissions import get_assessment_or_404


def _area_rows(display, result, previous_result=None):
    rows = []
    for area in display.areas.values():
        area_result = result.areas.get(area.key)
        before = previous_result.areas.get(area.key) if previous_result else None
        rows.append(
            {
                "area": area,
                "result": area_result,
                "level": display.levels.get(area_result.reached) if area_result else None,
                "delta": scoring.difference(
                    area_result.score if area_result else None, before.score if before else None
                ),
            }
        )
    return rows


def _dimension_rows(display, result, previous_result=None):
    held_back = selectors.result_held_back(display, result)
    rows = []
    for key, dimension in display.dimensions.items():
        dimension_result = result.dimensions.get(key)
        before = previous_result.dimensions.get(key) if previous_result else None
        rows.append(
            {
                "dimension": dimension,
                "result": dimension_result,
                "level": display.levels.get(dimension_result.level) if dimension_result else None,
                "held_back": held_back.get(key, ""),
                "delta": scoring.difference(
                    dimension_result.score if dimension_result else None,
                    before.score if before else None,
                ),
            }
        )
    return rows


@organisation_view()
def assessment_detail(request, organisation, team, pk):
    assessment = get_assessment_or_404(request.user, organisation, team, pk)
    display = selectors.ModelDisplay.of(assessment.model)
    structures = display.area_models()
    previous = selectors.previous_submitted(assessment)
    results = selectors.results([assessment, previous] if previous else [assessment])
    result = results[assessment.pk]
    previous_result = results[previous.pk] if previous else None
    steps = selectors.roadmap_steps(display, structures, result)
    said = responses.responses(assessment, display)
    agreed = {
        a.area.key: a
        for a in AgreedAnswer.objects.filter(assessment=assessment).select_related(
            "area", "agreed_by"
        )
    }
    user = request.user
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "organisation": organisation,
            "team": assessment.team,
            "assessment": assessment,
            "display": display,
            "result": result,
            "overall_level": display.levels.get(result.overall.level) if result.overall else None,
            "overall_held_back": selectors.result_held_back(display, result).get("overall", ""),
            "area_rows": _area_rows(display, result, previous_result),
            "dimension_rows": _dimension_rows(display, result, previous_result),
            "previous": previous,
            "previous_result": previous_result,
            "overall_delta": scoring.difference(
                result.overall.score if result.overall else None,
                previous_result.overall.score
                if previous_result and previous_result.overall
                else None,
            ),
            "steps": steps,
            "said": said,
            "answers": [
                (area, said.areas[key], agreed.get(key)) for key, area in display.areas.items()
            ],
            "reopenings": assessment.reopenings.select_related("by"),
            "can_answer": user.has_perm("assessments.answer", assessment)
            and not assessment.is_submitted,
            "can_facilitate": user.has_perm("assessments.facilitate", assessment),
            "can_submit": user.has_perm("assessments.submit", assessment)
            and not assessment.is_submitted,
            "can_reopen": user.has_perm("assessments.reopen", assessment)
            and assessment.is_submitted,
        },
    )


def _facilitating(request, organisation, team, pk):
    assessment = get_assessment_or_404(request.user, organisation, team, pk)
    if not request.user.has_perm("assessments.facilitate", assessment):
        raise PermissionDenied
    return assessment


@organisation_view()
def facilitate(request, organisation, team, pk):
    """Each respondent's level per area (anonymous: how many chose each level), the spread,
    disagreements, what counts now."""
    assessment = _facilitating(request, organisation, team, pk)
    display = selectors.ModelDisplay.of(assessment.model)
    result = selectors.result(assessment, {assessment.model_id: display.area_models()})
    said = responses.responses(assessment, display)
    rows = []
    for key, area in display.areas.items():
        by_person = {answer.respondent_id: answer for answer in said.areas[key].answers}
        area_result = result.areas.get(key)
        rows.append(
            {
                "area": area,
                "levels": [by_person.get(person.pk) for person in said.respondents],
                "counts": said.areas[key].counts,
                "result": area_result,
                "level": display.levels.get(area_result.level) if area_result else None,
            }
        )
    team_members = User.objects.filter(
        memberships__organisation=organisation,
        memberships__teams=assessment.team,
        memberships__role__in=[Role.ADMIN, Role.MANAGER, Role.MEMBER],  # viewers never facilitate
    ).order_by("name")
    return render(
        request,
        "assessments/facilitate.html",
        {
            "organisation": organisation,
            "team": assessment.team,
            "assessment": assessment,
            "said": said,
            "levels": display.levels.values(),
            "rows": rows,
            "complete": result.complete,
            "team_members": team_members,
            "can_name_facilitator": request.user.has_perm(
                "assessments.name_facilitator", assessment
            ),
        },
    )


@organisation_view()
@require_http_methods(["GET", "POST"])
def agree(request, organisation, team, pk, area):
    assessment = _facilitating(request, organisation, team, pk)
    display = selectors.ModelDisplay.of(assessment.model)
    area_obj = display.areas.get(area)
    if area_obj is None:
        raise Http404("No such area")
    structure = display.area_model(area)
    result = selectors.result(assessment, {assessment.model_id: display.area_models()})
    result = result.areas.get(area)
    agreed = AgreedAnswer.objects.filter(assessment=assessment, area=area_obj).first()
    form = AgreeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.agreed_record(
                    assessment=assessment,
                    area_key=area,
                    level=form.cleaned_data["level"],
                    ticked=form.cleaned_data["ticked"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except services.AssessmentError as refusal:
                messages.error(request, str(refusal))
                status = refusal.status
            else:
                messages.success(
                    request, _("The agreed answer for %(area)s is saved.") % {"area": area_obj.name}
                )
                return redirect("assessments:facilitate", organisation.slug, team, pk)
        else:
            status = 400
    # The checklist follows the level being considered (?level=N), else the current result.
    try:
        level = int(request.GET.get("level", ""))
    except ValueError:
        level = agreed.level if agreed else (result.level if result else None)
    if level not in structure.levels:
        level = None
    ticked = set(agreed.ticked if agreed else (result.ticked if result else ()))
    next_level, checklist = display.next_step(area, level)
    context = {
        "organisation": organisation,
        "team": assessment.team,
        "assessment": assessment,
        "area": area_obj,
        "choices": display.choices(area_obj),
        "display": display,
        "result": result,
        "agreed": agreed,
        "level": level,
        "next_level": next_level,
        "checklist": checklist,
        "ticked": ticked,
        "form": form,
    }
    if request.htmx and request.method == "GET":
        return render(request, "assessments/partials/checklist.html", context)
    said = responses.responses(assessment, display)
    context.update(said=said, area_said=said.areas[area])
    return render(request, "assessments/agree.html", context, status=status)


@organisation_view()
@require_http_methods(["GET", "POST"])
def submit(request, organisation, team, pk):
    """GET asks once, listing what is unresolved; POST submits and locks."""
    assessment = get_assessment_or_404(request.user, organisation, team, pk)
    if not request.user.has_perm("assessments.submit", assessment):
        raise PermissionDenied
    if request.method == "GET":
        if assessment.is_submitted:
            return redirect("assessments:detail", organisation.slug, team, pk)
        display = selectors.ModelDisplay.of(assessment.model)
        return render(
            request,
            "assessments/submit.html",
            {
                "organisation": organisation,
                "team": assessment.team,
                "assessment": assessment,
                "check": selectors.before_submit(assessment, display),
            },
        )
    try:
        services.assessment_submit(assessment=assessment, by=request.user)
    except services.AssessmentError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The assessment is submitted and locked."))
    return redirect("assessments:detail", organisation.slug, team, pk)


@organisation_view()
@require_http_methods(["GET", "POST"])
def reopen(request, organisation, team, pk):
    assessment = get_assessment_or_404(request.user, organisation, team, pk)
    if not request.user.has_perm("assessments.reopen", assessment):
        raise PermissionDenied
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_reopen(
                assessment=assessment, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.AssessmentError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The assessment is open again."))
        return redirect("assessments:detail", organisation.slug, team, pk)
    return render(
        request,
        "assessments/reopen.html",
        {
            "organisation": organisation,
            "team": assessment.team,
            "assessment": assessment,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@organisation_view()
def set_facilitator(request, organisation, team, pk):
    assessment = get_assessment_or_404(request.user, organisation, team, pk)
    if refusal := not_a_post(request):
        return refusal
    if not request.user.has_perm("assessments.name_facilitator", assessment):
        raise PermissionDenied
    user = None
    if raw := request.POST.get("facilitator"):
        # An id is a few ASCII digits: isdigit() alone lets "²" and 5,000 digits through.
        pk = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else 0
        user = User.objects.filter(pk=pk, memberships__organisation=organisation).first()
        if user is None:
            raise Http404("No such person")
    try:
        services.facilitator_set(assessment=assessment, user=user)
    except services.AssessmentError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The facilitator is saved."))
    return redirect("assessments:facilitate", organisation.slug, team, pk)
