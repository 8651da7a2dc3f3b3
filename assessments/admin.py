from django.contrib import admin

from assessments.models import AgreedAnswer, Answer, Assessment, Reopening


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    raw_id_fields = ["respondent"]
    readonly_fields = ["updated_at", "sequence"]


class AgreedAnswerInline(admin.TabularInline):
    model = AgreedAnswer
    extra = 0
    raw_id_fields = ["agreed_by"]


class ReopeningInline(admin.TabularInline):
    model = Reopening
    extra = 0
    readonly_fields = ["by", "at", "reason"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["label", "team", "model", "date", "state"]
    list_filter = ["state", "model", "team__organisation"]
    search_fields = ["label", "team__name"]
    list_select_related = ["team", "model"]
    raw_id_fields = ["started_by", "facilitator", "submitted_by"]
    inlines = [AnswerInline, AgreedAnswerInline, ReopeningInline]
