from django.urls import path

from plans.views import exports, gaps

app_name = "plans"

TEAM = "o/<slug:org>/teams/<slug:team>/plan/"
GAPS = "o/<slug:org>/gaps/"

urlpatterns = [
    path(TEAM + "actions.csv", exports.export, name="export"),
    path("o/<slug:org>/actions.csv", exports.export_all, name="export_all"),
    path(GAPS, gaps.common_gaps, name="gaps"),
    path(GAPS + "<int:characteristic>/", gaps.gap_teams, name="gap_teams"),
]
