from django.urls import path

from sso import views_settings

app_name = "sso_settings"

urlpatterns = [
    path("o/<slug:org>/settings/sign-in/", views_settings.sign_in, name="sign_in"),
]
