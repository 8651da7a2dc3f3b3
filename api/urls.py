"""/api/v1/: the REST API (docs/api.md), its OpenAPI document and its two viewers."""

from csp.constants import SELF
from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from api.errors import not_found
from api.views import accounts

app_name = "api"

ORG = "organisations/<slug:org>/"

# Redoc (styled-components) writes its styles as <style> elements and runs its search in a
# worker made from a blob: only its page is allowed those. Swagger UI needs nothing more than
# the site's policy (its start-up script comes from the same view, ?script).
redoc_policy = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": [SELF, "blob:"]})

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", redoc_policy(SpectacularRedocView.as_view(url_name="api:schema")), name="redoc"),
    path("organisations/", accounts.OrganisationList.as_view(), name="organisations"),
    path(ORG, accounts.OrganisationDetail.as_view(), name="organisation"),
    path(ORG + "teams/", accounts.TeamList.as_view(), name="teams"),
    path(ORG + "teams/<int:team>/", accounts.TeamDetail.as_view(), name="team"),
    # Each part in a module of its own: models, assessments, answers and scores; rounds,
    # targets, actions and gaps. (Webhooks are registered on their settings page.)
    path(ORG, include("api.routes_assessments")),
    path(ORG, include("api.routes_plans")),
    re_path(r"^.*$", not_found, name="not_found"),
]
