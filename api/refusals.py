"""A service's refusal as an API error: a problem with a field is a 400 with field errors
(problem details, api/errors.py), a change the current state forbids is a 409."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers

from accounts.permissions import visible_teams

# The largest id a path or a body may carry: beyond it a database cannot even compare.
ID_MAX = 2**63 - 1


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = _("The change conflicts with the current state; look at it again.")
    default_code = "conflict"


def invalid(field: str | None, message) -> serializers.ValidationError:
    """A 400 whose `errors` name the field (None: the request as a whole)."""
    return serializers.ValidationError({field or "non_field_errors": [str(message)]})


def team_or_404(user, organisation, pk):
    """A team of the organisation the caller may see (archived ones too); else a 404."""
    team = (
        visible_teams(user, organisation, include_archived=True)
        .filter(pk=pk if 0 < pk <= ID_MAX else 0)
        .first()
    )
    if team is None:
        raise Http404("No such team")
    team.organisation = organisation  # read by the role checks
    return team
