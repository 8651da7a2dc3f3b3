from django.urls import path

from assessments.views import answering, results, teams

app_name = "assessments"

TEAM = "o/<slug:org>/teams/<slug:team>/"
ASSESSMENT = TEAM + "assessments/<int:pk>/"

urlpatterns = [
    path(TEAM + "assessments/new/", teams.assessment_start, name="start"),
    path(ASSESSMENT, results.assessment_detail, name="detail"),
    path(ASSESSMENT + "answer/", answering.answer_start, name="answer"),
    path(ASSESSMENT + "answer/<slug:area>/", answering.answer_area, name="answer_area"),
    path(ASSESSMENT + "facilitate/", results.facilitate, name="facilitate"),
    path(ASSESSMENT + "facilitate/<slug:area>/", results.agree, name="agree"),
    path(ASSESSMENT + "facilitator/", results.set_facilitator, name="facilitator"),
    path(ASSESSMENT + "submit/", results.submit, name="submit"),
    path(ASSESSMENT + "reopen/", results.reopen, name="reopen"),
]
