from django.contrib import admin

from sso.models import Provider


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    """Read-only in the admin: the settings page validates and encrypts what is entered."""

    list_display = ["organisation", "name", "issuer", "require_sso", "enabled"]
    exclude = ["client_secret_encrypted"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
