"""The language a person uses, kept on their account for e-mails sent without a request of
theirs (a round's invitations and reminders): the language of the page they log in on, and
the one they switch to. Written only when it changes, and never by a page that only reads."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts.models import User


def language_keep(user, language) -> None:
    if language in dict(settings.LANGUAGES) and user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language


@receiver(user_logged_in)
def language_on_login(sender, request, user, **kwargs):
    # Not with a made-up request (tests' force_login): it has no language.
    language_keep(user, getattr(request, "LANGUAGE_CODE", None))


class LanguageSwitchMiddleware:
    """After the language switch (Django's set_language sets the language cookie), keep the
    chosen language for a logged-in person."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        chosen = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
        user = getattr(request, "user", None)
        if chosen is not None and user is not None and user.is_authenticated:
            language_keep(user, chosen.value)
        return response
