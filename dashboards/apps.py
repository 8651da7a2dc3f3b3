from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        # Registers the permissions with django-rules; the write side tells of changed
        # results by signals, and the cached figures listen.
        from dashboards import permissions, receivers  # noqa: F401
