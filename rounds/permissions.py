"""Who may do what with rounds (django-rules), next to accounts.permissions."""

import rules
from django.http import Http404

from accounts.permissions import is_manager
from rounds.models import Round

# Object: the organisation.
rules.add_perm("rounds.view_rounds", is_manager)
rules.add_perm("rounds.open_round", is_manager)
rules.add_perm("rounds.change_round", is_manager)  # respondents, deadline, close, remind


def get_round_or_404(organisation, pk):
    """One of the organisation's rounds; another organisation's is a 404."""
    found = Round.objects.select_related("model").filter(organisation=organisation, pk=pk).first()
    if found is None:
        raise Http404("No such round")
    return found
