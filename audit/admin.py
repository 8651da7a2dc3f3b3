"""The audit log in the Django admin: to read, never to add, change or delete."""

from auditlog.admin import LogEntryAdmin
from django.contrib import admin

from audit.models import Entry

if admin.site.is_registered(Entry):  # django-auditlog registers its own
    admin.site.unregister(Entry)


@admin.register(Entry)
class EntryAdmin(LogEntryAdmin):
    list_display = ["created", "organisation", "kind", "resource_url", "msg_short", "user_url"]
    list_filter = ["kind", "organisation"]
    list_select_related = ["content_type", "actor", "organisation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
