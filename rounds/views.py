"""A round's pages, for managers and administrators: the list, opening one, its progress (and
its CSV), reminding, the deadline, closing it, and the respondents of one team.

Pages about the whole round need `rounds.view_rounds` or `rounds.change_round` (members and
viewers get a 403); a page about one team of it first finds the team as the user sees it (one
they do not see is a 404, as everywhere), then asks. Another organisation's round is a 404.
"""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts.permissions import get_team_or_404, not_a_post, organisation_view
from rounds import mails, selectors, services
from rounds.exports import progress_csv_chunks
from rounds.forms import DeadlineForm, ProgressFilterForm, RespondentsForm, RoundForm
from rounds.permissions import get_round_or_404
from rounds.services import RoundError

ROUNDS_PER_PAGE = 25
TEAMS_PER_PAGE = 50
EXTEND_BY = datetime.timedelta(weeks=1)


def _base_url(request):
    return request.build_absolute_uri("/")


def _progress_url(organisation, round_):
    return reverse("rounds:detail", args=[organisation.slug, round_.pk])


def _form_error(form, error: RoundError):
    """The service's refusal beside its field, or above the form."""
    form.add_error(error.field if error.field in form.fields else None, str(error))


def _entry_or_404(request, organisation, round_, team_slug):
    """The team's entry in the round; a team the user does not see, or one not in the round,
    is a 404."""
    team = get_team_or_404(request.user, organisation, team_slug)
    entry = selectors.entry_for(round_, team)
    if entry is None:
        raise Http404("The team is not in this round")
    entry.team, entry.round = team, round_
    return entry


@organisation_view("rounds.view_rounds")
def round_list(request, organisation):
    page = Paginator(selectors.rounds_for(organisation), ROUNDS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "rounds/round_list.html",
        {
            "organisation": organisation,
            "page": page,
            "can_open": request.user.has_perm("rounds.open_round", organisation),
        },
    )


@organisation_view("rounds.open_round")
@require_http_methods(["GET", "POST"])
def round_new(request, organisation):
    form = RoundForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.round_open(
                organisation=organisation,
                label=data["label"],
                model=data["model"],
                opens_on=data["opens_on"],
                deadline=data["deadline"],
                teams=form.chosen_teams(),
                by=request.user,
                anonymous=data["anonymous"],
                reminder_days=data["reminder_days"],
                base_url=_base_url(request),
            )
        except RoundError as error:
            _form_error(form, error)
        else:
            messages.success(request, _opened_message(round_))
            return redirect(_progress_url(organisation, round_))
    return render(
        request,
        "rounds/round_form.html",
        {
            "organisation": organisation,
            "form": form,
            "no_models": not form.fields["model"].queryset.exists(),
            "no_teams": not form.active_teams.exists(),
        },
    )


def _opened_message(round_):
    if round_.invited_at is not None:
        return _("Round “%(label)s” is open: its respondents are being invited by e-mail.") % {
            "label": round_.label
        }
    return _("Round “%(label)s” is scheduled: its respondents are invited on %(day)s.") % {
        "label": round_.label,
        "day": date_format(round_.opens_on, "DATE_FORMAT"),
    }


@organisation_view("rounds.view_rounds")
def round_progress(request, organisation, pk):
    round_ = get_round_or_404(organisation, pk)
    form = ProgressFilterForm(request.GET or None)
    state, search = form.filters()
    progress = selectors.progress(round_)
    page = Paginator(progress.matching(state, search), TEAMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = urlencode({key: value for key, value in (("state", state), ("q", search)) if value})
    return render(
        request,
        "rounds/round_progress.html",
        {
            "organisation": organisation,
            "round": round_,
            "progress": progress,
            "totals": progress.totals,
            "page": page,
            "form": form,
            "filtered": bool(state or search),
            "extra_query": query,
            "can_change": request.user.has_perm("rounds.change_round", organisation),
            "deadline_form": DeadlineForm(initial={"deadline": _later(round_)}),
        },
    )


def _later(round_):
    return max(round_.deadline, timezone.localdate()) + EXTEND_BY


@organisation_view("rounds.view_rounds")
def round_export(request, organisation, pk):
    """The progress page's rows (with its filters) as CSV, streamed."""
    round_ = get_round_or_404(organisation, pk)
    state, search = ProgressFilterForm(request.GET or None).filters()
    teams = selectors.progress(round_).matching(state, search)
    response = StreamingHttpResponse(
        progress_csv_chunks(teams), content_type="text/csv; charset=utf-8"
    )
    name = f"{organisation.slug}-round-{round_.pk}-progress.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _remind(request, round_, entries=None):
    """Remind those who have not finished now: at most once a person a day (rounds.mails)."""
    if round_.is_closed:
        messages.error(request, _("The round is closed; nobody is reminded any more."))
        return
    if round_.invited_at is None:
        messages.error(
            request,
            _("The round opens on %(day)s; nobody has been invited yet.")
            % {"day": date_format(round_.opens_on, "DATE_FORMAT")},
        )
        return
    with transaction.atomic():
        sent = mails.nudge(round_, entries=entries, base_url=_base_url(request))
    if sent:
        messages.success(
            request,
            ngettext("%(n)d reminder is being sent.", "%(n)d reminders are being sent.", sent)
            % {"n": sent},
        )
    elif selectors.remindable(round_, entries):
        messages.info(
            request,
            _(
                "Nothing was sent: those who have not finished were reminded today already. "
                "A reminder goes out at most once a day."
            ),
        )
    else:
        messages.info(
            request,
            _("Nothing was sent: everyone has finished, or has switched reminders off."),
        )


@organisation_view("rounds.change_round")
def remind_everyone(request, organisation, pk):
    round_ = get_round_or_404(organisation, pk)
    if refusal := not_a_post(request):
        return refusal
    _remind(request, round_)
    return redirect(_progress_url(organisation, round_))


@organisation_view()
def remind_team(request, organisation, pk, team):
    round_ = get_round_or_404(organisation, pk)
    entry = _entry_or_404(request, organisation, round_, team)
    if not request.user.has_perm("rounds.change_round", organisation):
        raise PermissionDenied
    if refusal := not_a_post(request):
        return refusal
    _remind(request, round_, entries=[entry])
    return redirect(_progress_url(organisation, round_))


@organisation_view("rounds.change_round")
@require_http_methods(["GET", "POST"])
def round_deadline(request, organisation, pk):
    round_ = get_round_or_404(organisation, pk)
    form = DeadlineForm(request.POST or None, initial={"deadline": _later(round_)})
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.deadline_extend(
                round_=round_, deadline=form.cleaned_data["deadline"], by=request.user
            )
        except RoundError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("The deadline is now %(day)s.")
                % {"day": date_format(round_.deadline, "DATE_FORMAT")},
            )
            return redirect(_progress_url(organisation, round_))
    return render(
        request,
        "rounds/round_deadline.html",
        {"organisation": organisation, "round": round_, "form": form},
    )


@organisation_view("rounds.change_round")
@require_http_methods(["GET", "POST"])
def round_close(request, organisation, pk):
    round_ = get_round_or_404(organisation, pk)
    if request.method == "POST":
        if round_.is_closed:
            messages.info(request, _("The round was closed already."))
        else:
            services.round_close(round_=round_, by=request.user)
            messages.success(request, _("Round “%(label)s” is closed.") % {"label": round_.label})
        return redirect(_progress_url(organisation, round_))
    totals = selectors.progress(round_).totals
    return render(
        request,
        "rounds/round_close.html",
        {"organisation": organisation, "round": round_, "totals": totals},
    )


@organisation_view()
@require_http_methods(["GET", "POST"])
def respondents_edit(request, organisation, pk, team):
    round_ = get_round_or_404(organisation, pk)
    entry = _entry_or_404(request, organisation, round_, team)
    if not request.user.has_perm("rounds.change_round", organisation):
        raise PermissionDenied
    current = list(entry.respondents.values_list("user_id", flat=True))
    form = RespondentsForm(request.POST or None, entry=entry, initial={"respondents": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.respondents_set(
                entry=entry,
                users=form.cleaned_data["respondents"],
                by=request.user,
                base_url=_base_url(request),
            )
        except RoundError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("The respondents of %(team)s are saved.") % {"team": entry.team.name},
            )
            return redirect(_progress_url(organisation, round_))
    return render(
        request,
        "rounds/respondents.html",
        {"organisation": organisation, "round": round_, "entry": entry, "form": form},
    )
