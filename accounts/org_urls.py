from django.urls import path

from accounts import org_views as views

app_name = "orgs"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<slug:org>/teams/", views.team_list, name="teams"),
    path("<slug:org>/settings/", views.settings_general, name="settings"),
    path("<slug:org>/settings/teams/", views.settings_teams, name="settings_teams"),
    path("<slug:org>/settings/teams/new/", views.team_create, name="team_create"),
    path("<slug:org>/settings/teams/<slug:team>/", views.team_edit, name="team_edit"),
    path("<slug:org>/settings/members/", views.settings_members, name="settings_members"),
    path("<slug:org>/settings/members/<int:pk>/", views.member_edit, name="member_edit"),
    path("<slug:org>/settings/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<slug:org>/settings/invitations/new/", views.invitation_create, name="invitation_create"),
    path(
        "<slug:org>/settings/invitations/<int:pk>/send/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "<slug:org>/settings/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]
