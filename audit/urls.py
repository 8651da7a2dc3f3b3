from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("o/<slug:org>/settings/audit/", views.entry_list, name="list"),
    path("o/<slug:org>/settings/audit/export.csv", views.entry_export, name="export"),
]
