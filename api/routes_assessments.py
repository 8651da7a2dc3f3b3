"""/api/v1/organisations/<org>/…: the assessments part of the API (see api/urls.py)."""

urlpatterns = []
