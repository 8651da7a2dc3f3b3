from django.urls import path, register_converter

from maturity import editor_views, views


class PartConverter:
    """The parts of a model the editor changes, by name (maturity.editing.PARTS)."""

    regex = "level|dimension|area|characteristic"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(PartConverter, "part")
EDIT = "o/<slug:org>/settings/models/<int:pk>/edit/"

app_name = "maturity"

urlpatterns = [
    path("models/", views.model_list, name="list"),
    path("models/<slug:slug>/<str:version>/", views.model_detail, name="detail"),
    path("models/<slug:slug>/<str:version>/xlsx/", views.model_download, name="download"),
    path(
        "o/<slug:org>/models/<slug:slug>/<str:version>/", views.own_model_detail, name="own_detail"
    ),
    path(
        "o/<slug:org>/models/<slug:slug>/<str:version>/xlsx/",
        views.own_model_download,
        name="own_download",
    ),
    path("o/<slug:org>/settings/models/", views.settings_models, name="settings"),
    path("o/<slug:org>/settings/models/upload/", views.model_upload, name="upload"),
    path("o/<slug:org>/settings/models/template.xlsx", views.model_template, name="template"),
    path("o/<slug:org>/settings/models/<int:pk>/publish/", views.model_publish, name="publish"),
    path("o/<slug:org>/settings/models/<int:pk>/delete/", views.model_delete, name="delete"),
    path("o/<slug:org>/settings/models/<int:pk>/retire/", views.model_retire, name="retire"),
    # The model editor (maturity/editor_views.py)
    path("o/<slug:org>/settings/models/new/", editor_views.model_create, name="editor_create"),
    path(EDIT, editor_views.editor, name="editor"),
    path(f"{EDIT}preview/", editor_views.preview, name="editor_preview"),
    path(f"{EDIT}publish/", editor_views.publish, name="editor_publish"),
    path(f"{EDIT}new-version/", editor_views.new_version, name="editor_new_version"),
    path(f"{EDIT}<part:kind>/add/", editor_views.part_add, name="editor_add"),
    path(f"{EDIT}<part:kind>/<int:item>/", editor_views.part_edit, name="editor_part"),
    path(f"{EDIT}<part:kind>/<int:item>/move/", editor_views.part_move, name="editor_move"),
    path(f"{EDIT}<part:kind>/<int:item>/delete/", editor_views.part_delete, name="editor_delete"),
]
