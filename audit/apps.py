from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        # The lower apps know nothing of the log: their rows are registered with django-auditlog
        # here, and their signals (submit, reopen, sign-in) are heard in audit.receivers.
        from audit import permissions, receivers, scope  # noqa: F401

        scope.register_all()
