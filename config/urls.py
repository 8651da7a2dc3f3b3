from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from assessments.views import dashboards
from config.health import healthz

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    # The organisation's start page: its dashboard (the assessments app draws it).
    path("o/<slug:org>/", dashboards.organisation, name="organisation"),
    path("o/", include("accounts.org_urls")),
    path("", include("maturity.urls")),
    path("", include("assessments.urls")),
    path("admin/", admin.site.urls),
]
