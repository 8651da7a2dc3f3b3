from accounts.models import normalise_email


def login_username(request, credentials=None):
    """The name django-axes counts failures under: the e-mail as typed, in any case."""
    if credentials and credentials.get("username"):
        return normalise_email(credentials["username"])
    data = getattr(request, "data", None) or request.POST
    return normalise_email(data.get("username", ""))
