from django.contrib import admin

from maturity.models import Area, Characteristic, Dimension, Level, MaturityModel


class LevelInline(admin.StackedInline):
    model = Level
    extra = 0


class DimensionInline(admin.TabularInline):
    model = Dimension
    extra = 0


class AreaInline(admin.TabularInline):
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


@admin.register(Characteristic)
class CharacteristicAdmin(admin.ModelAdmin):
    list_display = ["key", "model", "area", "level", "text_de", "text_en"]
    list_filter = ["model", "area__key", "level__number"]
    search_fields = ["key", "text_de", "text_en"]
    list_select_related = ["model", "area", "level"]


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ["model", "number", "name_de", "name_en"]
    list_filter = ["model"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["model", "key", "dimension", "name_de", "name_en"]
    list_filter = ["model"]
