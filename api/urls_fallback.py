"""/api/… outside /api/v1/: a problem-details 404, not the site's HTML page."""

from django.urls import re_path

from api.errors import not_found

urlpatterns = [re_path(r"^.*$", not_found, name="api_not_found")]
