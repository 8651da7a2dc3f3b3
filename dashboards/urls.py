from django.urls import path

from dashboards.views import organisation, team

app_name = "dashboards"

TEAM = "o/<slug:org>/teams/<slug:team>/"

urlpatterns = [
    path("o/<slug:org>/compare/", organisation.compare, name="compare"),
    path(TEAM, team.team_dashboard, name="team"),
    path(TEAM + "changes/", team.changes, name="changes"),
    path(TEAM + "targets/", team.set_targets, name="targets"),
]
