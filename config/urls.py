from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from config.health import healthz
from dashboards.views import organisation as dashboards

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Single sign-on; its login and logout come first and replace accounts' (same addresses).
    path("accounts/", include("sso.urls")),
    path("accounts/", include("accounts.urls")),
    # The organisation's start page: its dashboard.
    path("o/<slug:org>/", dashboards.organisation, name="organisation"),
    path("o/", include("accounts.org_urls")),
    path("", include("maturity.urls")),
    path("", include("assessments.urls")),
    path("", include("rounds.urls")),
    path("", include("plans.urls")),
    path("", include("dashboards.urls")),
    path("", include("reports.urls")),
    path("o/<slug:org>/settings/api/", include("api.urls_settings")),
    path("", include("webhooks.urls")),
    path("", include("sso.urls_settings")),
    path("", include("audit.urls")),
    path("api/v1/", include("api.urls")),
    path("api/", include("api.urls_fallback")),
    path("admin/", admin.site.urls),
]
