from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Improvement plans")

    def ready(self):
        # Registers the permissions with django-rules.
        from plans import permissions  # noqa: F401
