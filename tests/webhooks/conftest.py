import pytest

from tests.webhooks.receiver import Receiver
from webhooks.services import endpoint_create


@pytest.fixture(autouse=True)
def local_endpoints_allowed(settings):
    """The tests' receiver is on 127.0.0.1 over plain HTTP: both are allowed here only."""
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOKS_ALLOW_HTTP = True


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


@pytest.fixture
def endpoint(organisation, admin, receiver):
    return endpoint_create(
        organisation=organisation,
        url=receiver.url,
        events=[
            "assessment.submitted",
            "assessment.reopened",
            "round.opened",
            "round.closed",
            "action.done",
        ],
        by=admin,
    )
