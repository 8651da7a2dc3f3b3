from django.urls import path

from plans.views import plan

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
]
