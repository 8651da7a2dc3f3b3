"""A team's page: its people and all its assessments over time; starting an assessment."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.permissions import get_team_or_404, organisation_view
from assessments import selectors, services
from assessments.forms import StartForm


def quarter_label(day):
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def free_label(team, label):
    """`label`, or "label (2)", "label (3)"… when the team has used it (labels are unique)."""
    taken = set(team.assessments.values_list("label", flat=True))
    n = 1
    while label in taken:
        n += 1
        label = f"{label.rsplit(' (', 1)[0]} ({n})"
    return label


@organisation_view()
@require_http_methods(["GET", "POST"])
def assessment_start(request, organisation, team):
    team = get_team_or_404(request.user, organisation, team)
    if not request.user.has_perm("assessments.start", team):
        raise PermissionDenied
    today = date.today()
    form = StartForm(
        request.POST or None,
        organisation=organisation,
        initial={"label": free_label(team, quarter_label(today)), "date": today},
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(
                team=team,
                model=form.cleaned_data["model"],
                label=form.cleaned_data["label"],
                date=form.cleaned_data["date"],
                by=request.user,
            )
        except services.AssessmentOpen as refusal:
            messages.info(request, str(refusal))
            return redirect(
                "assessments:answer", organisation.slug, team.slug, refusal.assessment.pk
            )
        except services.AssessmentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Assessment “%(label)s” started.") % {"label": assessment.label}
            )
            return redirect("assessments:answer", organisation.slug, team.slug, assessment.pk)
    return render(
        request,
        "assessments/assessment_start.html",
        {
            "organisation": organisation,
            "team": team,
            "form": form,
            "no_models": not form.fields["model"].queryset.exists(),
            "open_assessments": selectors.open_assessments(team),
        },
        status=400 if form.errors else 200,
    )
