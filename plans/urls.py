from django.urls import path  # noqa: F401

app_name = "plans"

TEAM = "o/<slug:org>/teams/<slug:team>/plan/"
GAPS = "o/<slug:org>/gaps/"

urlpatterns = []
