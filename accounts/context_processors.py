from accounts.permissions import organisations_for


def organisations(request):
    """The navigation's organisation switcher: the user's organisations and the current one."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    current = getattr(request, "organisation", None)
    return {
        "my_organisations": organisations_for(user).only("name", "slug"),
        "current_organisation": current,
    }
