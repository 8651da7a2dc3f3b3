from django.utils.functional import SimpleLazyObject

from accounts.permissions import SESSION_ORGANISATION_KEY, organisations_for


def organisations(request):
    """The navigation's organisation switcher: the user's organisations and the current one.

    Outside an organisation's pages (/models/, the password change) the current one is the
    one last used, or the only one, so that the navigation keeps Overview, Teams and Reports.
    Both are read only if the page shows them (htmx partials do not).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    mine = organisations_for(user).only("name", "slug")
    current = getattr(request, "organisation", None)
    if current is None:
        current = SimpleLazyObject(lambda: _remembered(request, mine))
    return {"my_organisations": mine, "current_organisation": current}


def _remembered(request, mine):
    last = request.session.get(SESSION_ORGANISATION_KEY)
    found = mine.filter(slug=last).first() if last else None
    if found is None:
        only = list(mine[:2])
        found = only[0] if len(only) == 1 else None
    return found
