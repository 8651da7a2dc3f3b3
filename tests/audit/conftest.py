import pytest

from audit.models import Entry


@pytest.fixture
def entries(organisation):
    """The organisation's entries, newest first."""

    def read(**filters):
        return list(Entry.objects.filter(organisation=organisation, **filters).order_by("-pk"))

    return read


@pytest.fixture
def audit_page(client_for, admin, organisation):
    """The audit page's text as the organisation's admin sees it."""

    def read(**query):
        response = client_for(admin).get(f"/o/{organisation.slug}/settings/audit/", query)
        assert response.status_code == 200
        return response.content.decode()

    return read
