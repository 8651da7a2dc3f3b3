from django.urls import path

from plans.views import gaps

app_name = "plans"

TEAM = "o/<slug:org>/teams/<slug:team>/plan/"
GAPS = "o/<slug:org>/gaps/"

urlpatterns = [
    path(GAPS, gaps.common_gaps, name="gaps"),
    path(GAPS + "<int:characteristic>/", gaps.gap_teams, name="gap_teams"),
]
