from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        # The write side tells of changed results by signals; the cached figures listen.
        from dashboards import receivers  # noqa: F401
