from django.urls import path

from assessments.views import answering, dashboards, reports, results, teams

app_name = "assessments"

TEAM = "o/<slug:org>/teams/<slug:team>/"
ASSESSMENT = TEAM + "assessments/<int:pk>/"

urlpatterns = [
    path("o/<slug:org>/compare/", dashboards.compare, name="compare"),
    path("o/<slug:org>/results.<str:format>", dashboards.export, name="export"),
    path("o/<slug:org>/reports/", reports.report_list, name="reports"),
    path("o/<slug:org>/reports/order/", reports.report_order, name="report_order"),
    path("o/<slug:org>/reports/<int:pk>/", reports.report_progress, name="report"),
    path(
        "o/<slug:org>/reports/<int:pk>/download/", reports.report_download, name="report_download"
    ),
    path("o/<slug:org>/reports/<int:pk>/retry/", reports.report_retry, name="report_retry"),
    path(TEAM, dashboards.team_dashboard, name="team"),
    path(TEAM + "changes/", dashboards.changes, name="changes"),
    path(TEAM + "targets/", dashboards.set_targets, name="targets"),
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
