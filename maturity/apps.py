from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaturityConfig(AppConfig):
    name = "maturity"
    verbose_name = _("Maturity models")

    def ready(self):
        from maturity import permissions, signals  # noqa: F401 (permissions registers rules)

        signals.connect()
        from accounts.signals import organisation_created

        organisation_created.connect(_choose_default_model, dispatch_uid="maturity-default-model")


def _choose_default_model(sender, organisation, **kwargs):
    from maturity.services import models_in_use_default

    models_in_use_default(organisation=organisation)
