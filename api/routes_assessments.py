"""/api/v1/organisations/<org>/…: the assessments part of the API (see api/urls.py)."""

from django.urls import path

from api.views import assessments, maturity

urlpatterns = [
    path("models/", maturity.ModelList.as_view(), name="models"),
    path("models/<int:model>/", maturity.ModelDetail.as_view(), name="model"),
    path("assessments/", assessments.AssessmentList.as_view(), name="assessments"),
    path(
        "assessments/<int:assessment>/",
        assessments.AssessmentDetail.as_view(),
        name="assessment",
    ),
    path(
        "assessments/<int:assessment>/answers/<slug:area>/",
        assessments.AnswerDetail.as_view(),
        name="answer",
    ),
    path("teams/<int:team>/scores/", assessments.TeamScores.as_view(), name="team_scores"),
    path("scores/", assessments.LatestScores.as_view(), name="scores"),
]
