"""Answering an assessment, one area at a time; autosaved with htmx, or plain form posts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.permissions import organisation_view
from assessments import carry, selectors, services
from assessments.forms import AreaAnswerForm
from assessments.models import Answer
from assessments.permissions import get_assessment_or_404


def _answering(request, organisation, team, pk):
    assessment = get_assessment_or_404(request.user, organisation, team, pk)
    if not request.user.has_perm("assessments.answer", assessment):
        raise PermissionDenied
    return assessment


@organisation_view()
def answer_start(request, organisation, team, pk):
    """Continue where one left off: the first area not yet answered."""
    assessment = _answering(request, organisation, team, pk)
    areas = list(assessment.model.areas.order_by("position").values_list("key", flat=True))
    answered = set(
        Answer.objects.filter(assessment=assessment, respondent=request.user).values_list(
            "area__key", flat=True
        )
    )
    area = next((key for key in areas if key not in answered), areas[0])
    return redirect("assessments:answer_area", organisation.slug, assessment.team.slug, pk, area)


def _step_context(request, assessment, display, area, answer, typed=None):
    """The page of one area; `typed` is a refused post's form, shown again as it was typed.

    An area the respondent has not answered shows last time's answer preselected (`carried`)
    until they confirm or change it; it is not an answer until then (nothing is saved)."""
    areas = list(display.areas.values())
    index = areas.index(area)
    structure = display.area_model(area.key)
    mine, with_result = selectors.answering_progress(assessment, request.user, display)
    waiting = carry.carried_answers(assessment, request.user, display, answered=mine)
    carried = waiting.get(area.key) if answer is None else None
    shown = _shown(answer, typed, structure, carried)
    next_level, checklist = display.next_step(area.key, shown["level"])
    return {
        "organisation": assessment.team.organisation,
        "team": assessment.team,
        "assessment": assessment,
        "display": display,
        "area": area,
        "areas": [(a, a.key in mine, a.key in waiting) for a in areas],
        "carried": carried,
        "waiting_count": len(waiting),
        "carried_label": next(iter(waiting.values())).label if waiting else "",
        "choices": display.choices(area),
        "answer": answer,
        **shown,
        "next_level": next_level,
        "checklist": checklist,
        "mine_count": len(mine),
        "team_count": len(with_result),
        "area_count": len(areas),
        "previous_area": areas[index - 1] if index > 0 else None,
        "next_area": areas[index + 1] if index + 1 < len(areas) else None,
        "form": typed,
        "comment_limit": services.MAX_COMMENT_LENGTH,
        "comment_limit_shown": formats.number_format(
            services.MAX_COMMENT_LENGTH, force_grouping=True
        ),
    }


def _shown(answer, typed, structure, carried=None):
    """What the form shows: the stored answer, or what a refused post carried (its revision
    too, so that saving it again is refused again until the page is reloaded), or last
    time's answer carried forward (no comment: that was about last time)."""
    if typed is not None:
        level = _number(typed.data.get("level"))
        if level not in structure.levels:
            level = answer.level if answer else None
        return {
            "level": level,
            "ticked": set(typed.data.getlist("ticked")),
            "comment": typed.data.get("comment", ""),
            "evidence": typed.data.get("evidence", ""),
            "revision": _number(typed.data.get("revision")) or 0,
        }
    if answer is None and carried is not None:
        return {
            "level": carried.level,
            "ticked": set(carried.ticked),
            "comment": "",
            "evidence": "\n".join(carried.evidence),
            "revision": 0,
        }
    if answer is None:
        return {"level": None, "ticked": set(), "comment": "", "evidence": "", "revision": 0}
    return {
        "level": answer.level,
        "ticked": set(answer.ticked),
        "comment": answer.comment,
        "evidence": "\n".join(answer.evidence),
        "revision": answer.revision,
    }


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _answer_of(request, assessment, area):
    return Answer.objects.filter(assessment=assessment, respondent=request.user, area=area).first()


@organisation_view()
@require_http_methods(["GET", "POST"])
def answer_area(request, organisation, team, pk, area):
    assessment = _answering(request, organisation, team, pk)
    # Shared by this process's requests: every autosave renders from it without a query.
    display = selectors.ModelDisplay.of(assessment.model)
    area_obj = display.areas.get(area)
    if area_obj is None:
        raise Http404("No such area")
    if request.method == "GET":
        return render(
            request,
            "assessments/answer_area.html",
            _step_context(
                request, assessment, display, area_obj, _answer_of(request, assessment, area_obj)
            ),
        )

    form = AreaAnswerForm(request.POST)
    error = None
    status = 200
    answer = previous_level = None
    if not form.is_valid():
        error, status = _("Not saved: please check the highlighted fields."), 400
    else:
        data = form.cleaned_data
        try:
            recorded = services.answer_record(
                assessment=assessment,
                respondent=request.user,
                area_key=area,
                level=data["level"],
                ticked=data["ticked"],
                comment=data["comment"],
                evidence=form.links(),
                revision=data["revision"] or 0,
            )
            answer, previous_level = recorded.answer, recorded.previous_level
        except services.AssessmentError as refusal:
            error, status = str(refusal), refusal.status
    if error:  # nothing was saved: the page shows what is stored
        answer = _answer_of(request, assessment, area_obj)

    if request.htmx:
        context = _step_context(request, assessment, display, area_obj, answer)
        context.update(
            error=error,
            form=form,  # its errors stand beside their fields; what was typed stays as typed
            level_changed=error is None and answer is not None and answer.level != previous_level,
        )
        return render(request, "assessments/partials/save_result.html", context, status=status)
    if error:
        messages.error(request, error)
        context = _step_context(request, assessment, display, area_obj, answer, typed=form)
        return render(request, "assessments/answer_area.html", context, status=status)
    if "confirm" in request.POST:  # "Still true": on to the next area still to answer
        messages.success(request, _("“%(area)s” confirmed.") % {"area": area_obj.name})
        return redirect(
            "assessments:answer_area",
            organisation.slug,
            team,
            pk,
            _next_to_answer(request, assessment, display, area),
        )
    messages.success(request, _("Saved."))
    keys = list(display.areas)
    following = keys[keys.index(area) + 1 : keys.index(area) + 2]
    if "continue" in request.POST and following:
        return redirect("assessments:answer_area", organisation.slug, team, pk, following[0])
    return redirect("assessments:answer_area", organisation.slug, team, pk, area)


def _next_to_answer(request, assessment, display, area):
    """The next area (after `area`, then from the first) that the respondent has not answered
    yet; `area` once every one is answered."""
    answered = set(
        Answer.objects.filter(assessment=assessment, respondent=request.user).values_list(
            "area__key", flat=True
        )
    )
    keys = list(display.areas)
    index = keys.index(area)
    in_turn = keys[index + 1 :] + keys[:index]
    return next((key for key in in_turn if key not in answered), area)
