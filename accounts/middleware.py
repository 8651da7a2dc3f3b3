"""The language a person uses, kept on their account for e-mails sent without a request of
theirs (a round's invitations and reminders)."""

from accounts.models import User


class RecordLanguageMiddleware:
    """After each page of a logged-in user, store the page's language when it differs from
    the stored one: one UPDATE when someone switches, none on every other page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        language = getattr(request, "LANGUAGE_CODE", None)
        if user is not None and user.is_authenticated and language and user.language != language:
            User.objects.filter(pk=user.pk).update(language=language)
            user.language = language
        return response
