"""/api/v1/organisations/<org>/…: the webhooks part of the API (see api/urls.py)."""

urlpatterns = []
