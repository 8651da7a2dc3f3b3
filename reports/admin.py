"""Reports in the Django admin, to look at only: they are ordered, built and retried in the
app (reports.services), and downloaded there, never through a file URL."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from reports.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["pk", "organisation", "kind", "team", "state", "language", "created_at"]
    list_filter = ["state", "kind", "organisation"]
    list_select_related = ["organisation", "team"]
    fields = [
        "organisation",
        "kind",
        "team",
        "assessment",
        "round",
        "language",
        "ordered_by",
        "state",
        "progress",
        "error",
        "file_name",
        "size",
        "created_at",
        "finished_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def file_name(self, report):
        return report.file.name or "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
