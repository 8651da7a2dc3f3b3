from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoundsConfig(AppConfig):
    name = "rounds"
    verbose_name = _("Rounds")

    def ready(self):
        # Registers the permissions with django-rules, and listens to saved answers.
        from rounds import permissions, receivers  # noqa: F401
