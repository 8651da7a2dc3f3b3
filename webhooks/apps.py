from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        # Registers the permission with django-rules; the write side's signals (assessments,
        # rounds, plans) are heard here without the write side knowing of webhooks.
        from webhooks import permissions, receivers  # noqa: F401
