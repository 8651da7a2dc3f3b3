from django.urls import path

from rounds import views

app_name = "rounds"

ROUND = "o/<slug:org>/rounds/<int:pk>/"
TEAM = ROUND + "teams/<slug:team>/"

urlpatterns = [
    path("o/<slug:org>/rounds/", views.round_list, name="list"),
    path("o/<slug:org>/rounds/new/", views.round_new, name="new"),
    path(ROUND, views.round_progress, name="detail"),
    path(ROUND + "progress.csv", views.round_export, name="export"),
    path(ROUND + "remind/", views.remind_everyone, name="remind"),
    path(ROUND + "deadline/", views.round_deadline, name="deadline"),
    path(ROUND + "close/", views.round_close, name="close"),
    path(TEAM + "respondents/", views.respondents_edit, name="respondents"),
    path(TEAM + "remind/", views.remind_team, name="remind_team"),
]
