"""/api/v1/organisations/<org>/…: the plans part of the API (see api/urls.py)."""

urlpatterns = []
