"""Assessments in the Django admin: a submitted assessment is read-only, with its answers and
agreed answers, as in the app (reopening it there, with a reason, is the way to change it).
Submitting and reopening go through the app, which scores and records them: the state and
who submitted it are read-only here."""

from django.contrib import admin

from assessments.models import AgreedAnswer, Answer, Assessment, Reopening


def is_locked(assessment):
    return assessment is not None and assessment.is_submitted


class UnlessSubmittedInline:
    """An inline of an assessment: nothing added, changed or deleted once it is submitted."""

    def has_add_permission(self, request, obj=None):
        return not is_locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not is_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not is_locked(obj) and super().has_delete_permission(request, obj)


class AnswerInline(UnlessSubmittedInline, admin.TabularInline):
    model = Answer
    extra = 0
    raw_id_fields = ["respondent"]
    readonly_fields = ["updated_at", "revision"]


class AgreedAnswerInline(UnlessSubmittedInline, admin.TabularInline):
    model = AgreedAnswer
    extra = 0
    raw_id_fields = ["agreed_by"]


class ReopeningInline(UnlessSubmittedInline, admin.TabularInline):
    model = Reopening
    extra = 0
    readonly_fields = ["by", "at", "reason"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["label", "team", "model", "date", "state"]
    list_filter = ["state", "model", "team__organisation"]
    search_fields = ["label", "team__name"]
    list_select_related = ["team", "model"]
    raw_id_fields = ["started_by", "facilitator"]
    readonly_fields = ["state", "submitted_at", "submitted_by", "overall_score", "overall_level"]
    inlines = [AnswerInline, AgreedAnswerInline, ReopeningInline]

    def has_change_permission(self, request, obj=None):
        return not is_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not is_locked(obj) and super().has_delete_permission(request, obj)
