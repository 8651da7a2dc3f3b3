from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self):
        # Registers the role predicates with django-rules, and keeps the language on login.
        from accounts import middleware, permissions  # noqa: F401
