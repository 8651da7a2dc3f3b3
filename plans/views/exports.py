"""A plan's actions as CSV for issue trackers: one team's (anyone who sees the team), or every
team's of the organisation (managers)."""

from datetime import date

from django.http import StreamingHttpResponse
from django.utils import translation

from accounts.permissions import get_team_or_404, organisation_view
from plans.exports import actions_csv_chunks, actions_for_export
from plans.models import Action


def _in_language(chunks, language):
    # The rows are written while the response streams, after the view has returned.
    with translation.override(language):
        yield from chunks


def _csv(request, actions, name):
    actions = actions_for_export(actions, everything=request.GET.get("all") == "1")
    chunks = actions_csv_chunks(actions.iterator(chunk_size=2000), request.build_absolute_uri)
    response = StreamingHttpResponse(
        _in_language(chunks, translation.get_language()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}-{date.today()}.csv"'
    return response


@organisation_view()
def export(request, organisation, team):
    """The team's actions, dropped ones too with ?all=1."""
    team = get_team_or_404(request.user, organisation, team)
    return _csv(
        request, Action.objects.filter(team=team), f"{organisation.slug}-{team.slug}-actions"
    )


@organisation_view("plans.export_actions")
def export_all(request, organisation):
    """Every team's actions, archived teams' too."""
    return _csv(
        request,
        Action.objects.filter(team__organisation=organisation),
        f"{organisation.slug}-actions",
    )
