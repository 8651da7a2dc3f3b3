"""The maturity models in the Django admin: a draft is edited here, a published (or retired)
version is read-only, with its levels, dimensions, areas and characteristics, as in the
app (assessments are pinned to it: changing it would change what old results mean)."""

from django.contrib import admin

from maturity.models import Area, Characteristic, Dimension, Level, MaturityModel


def is_locked(model):
    """A version that is no longer a draft: published or retired."""
    return model is not None and model.status != MaturityModel.Status.DRAFT


class DraftOnlyInline:
    """An inline of a model version: nothing added, changed or deleted once it is locked."""

    def has_add_permission(self, request, obj=None):
        return not is_locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not is_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not is_locked(obj) and super().has_delete_permission(request, obj)


class PartOfADraft:
    """A part of a model version (level, area, characteristic) with its own admin pages:
    read-only once its version is locked, and added or moved only to drafts."""

    def has_change_permission(self, request, obj=None):
        return not (obj and is_locked(obj.model)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and is_locked(obj.model)) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        drafts = {"model": "status", "area": "model__status", "level": "model__status"}
        if db_field.name in drafts:
            kwargs["queryset"] = db_field.related_model.objects.filter(
                **{drafts[db_field.name]: MaturityModel.Status.DRAFT}
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class LevelInline(DraftOnlyInline, admin.StackedInline):
    model = Level
    extra = 0


class DimensionInline(DraftOnlyInline, admin.TabularInline):
    model = Dimension
    extra = 0


class AreaInline(DraftOnlyInline, admin.TabularInline):
    model = Area
    extra = 0


@admin.register(MaturityModel)
class MaturityModelAdmin(admin.ModelAdmin):
    list_display = ["slug", "version", "name_en", "status", "organisation"]
    list_filter = ["status", "slug"]
    search_fields = ["slug", "name_de", "name_en"]
    list_select_related = ["organisation"]
    filter_horizontal = ["used_by"]
    inlines = [DimensionInline, AreaInline, LevelInline]

    def has_change_permission(self, request, obj=None):
        return not is_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not is_locked(obj) and super().has_delete_permission(request, obj)


@admin.register(Characteristic)
class CharacteristicAdmin(PartOfADraft, admin.ModelAdmin):
    list_display = ["key", "model", "area", "level", "text_de", "text_en"]
    list_filter = ["model", "area__key", "level__number"]
    search_fields = ["key", "text_de", "text_en"]
    list_select_related = ["model", "area", "level"]


@admin.register(Level)
class LevelAdmin(PartOfADraft, admin.ModelAdmin):
    list_display = ["model", "number", "name_de", "name_en"]
    list_filter = ["model"]


@admin.register(Area)
class AreaAdmin(PartOfADraft, admin.ModelAdmin):
    list_display = ["model", "key", "dimension", "name_de", "name_en"]
    list_filter = ["model"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "dimension":
            kwargs["queryset"] = Dimension.objects.filter(model__status=MaturityModel.Status.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
