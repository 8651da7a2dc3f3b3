"""/api/v1/organisations/<org>/…: the plans part of the API (see api/urls.py): rounds,
targets, actions and common gaps."""

from django.urls import path

from api.views import plans, rounds

TEAM = "teams/<int:team>/"

urlpatterns = [
    path("rounds/", rounds.RoundList.as_view(), name="rounds"),
    path("rounds/<int:round>/", rounds.RoundDetail.as_view(), name="round"),
    path("rounds/<int:round>/extend/", rounds.RoundExtend.as_view(), name="round_extend"),
    path("rounds/<int:round>/close/", rounds.RoundClose.as_view(), name="round_close"),
    path(TEAM + "targets/", plans.TargetList.as_view(), name="targets"),
    path(TEAM + "targets/<slug:dimension_key>/", plans.TargetDetail.as_view(), name="target"),
    path(TEAM + "actions/", plans.TeamActionList.as_view(), name="team_actions"),
    path("actions/", plans.ActionList.as_view(), name="actions"),
    path("actions/<int:action>/", plans.ActionDetail.as_view(), name="action"),
    path("gaps/", plans.CommonGaps.as_view(), name="gaps"),
]
