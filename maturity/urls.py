from django.urls import path

from maturity import views

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
]
