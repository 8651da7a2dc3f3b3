from django.urls import path

from plans.urls import GAPS  # the common gaps' exports sit beside their page
from reports import views

app_name = "reports"

REPORT = "o/<slug:org>/reports/<int:pk>/"


urlpatterns = [
    path("o/<slug:org>/results.<str:format>", views.export, name="export"),
    path("o/<slug:org>/reports/", views.report_list, name="list"),
    path("o/<slug:org>/reports/order/", views.report_order, name="order"),
    path("o/<slug:org>/reports/progress/", views.report_poll, name="poll"),
    path(REPORT, views.report_progress, name="progress"),
    path(REPORT + "download/", views.report_download, name="download"),
    path(REPORT + "retry/", views.report_retry, name="retry"),
    path(GAPS + "gaps.csv", views.gaps_export, {"format": "csv"}, name="gaps_csv"),
    path(GAPS + "gaps.xlsx", views.gaps_export, {"format": "xlsx"}, name="gaps_xlsx"),
]
