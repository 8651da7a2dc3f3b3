from django.urls import path

from sso import views

app_name = "sso"

# Under /accounts/, before accounts' own URLs: login and logout replace theirs at the same
# addresses (config/urls.py), so that accounts need not know of single sign-on.
urlpatterns = [
    path("login/", views.login_page, name="login"),
    path("logout/", views.logout, name="logout"),
    path("sso/", views.find, name="find"),
    path("sso/start/", views.start_site, name="start"),
    path("sso/callback/", views.callback, name="callback"),
    path("sso/<slug:organisation>/start/", views.start_organisation, name="start_organisation"),
]
