from django.urls import path

from dashboards.views import pages

app_name = "dashboards"

TEAM = "o/<slug:org>/teams/<slug:team>/"

urlpatterns = [
    path("o/<slug:org>/compare/", pages.compare, name="compare"),
    path(TEAM, pages.team_dashboard, name="team"),
    path(TEAM + "changes/", pages.changes, name="changes"),
    path(TEAM + "targets/", pages.set_targets, name="targets"),
]
