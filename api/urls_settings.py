"""Settings → API (/o/<org>/settings/api/): the organisation's tokens."""

from django.urls import path

from api.views import settings

app_name = "api_settings"

urlpatterns = [
    path("", settings.token_list, name="tokens"),
    path("new/", settings.token_new, name="token_create"),
    path("<int:api_token>/revoke/", settings.token_revoke_confirm, name="token_revoke"),
]
