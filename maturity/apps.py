from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaturityConfig(AppConfig):
    name = "maturity"
    verbose_name = _("Maturity models")

    def ready(self):
        from maturity import permissions, signals  # noqa: F401 (permissions registers rules)

        signals.connect()
