from django.urls import path

from plans.views import exports, gaps, plan

app_name = "plans"

TEAM = "o/<slug:org>/teams/<slug:team>/plan/"
GAPS = "o/<slug:org>/gaps/"

urlpatterns = [
    path(TEAM, plan.plan, name="plan"),
    path(TEAM + "new/", plan.action_new, name="new"),
    path(TEAM + "take/", plan.action_take, name="take"),
    path(TEAM + "<int:pk>/", plan.action_edit, name="edit"),
    path(TEAM + "<int:pk>/status/", plan.action_status, name="status"),
    path(TEAM + "<int:pk>/delete/", plan.action_delete, name="delete"),
    path(TEAM + "actions.csv", exports.export, name="export"),
    path("o/<slug:org>/actions.csv", exports.export_all, name="export_all"),
    path(GAPS, gaps.common_gaps, name="gaps"),
    path(GAPS + "<int:characteristic>/", gaps.gap_teams, name="gap_teams"),
]
