"""The webhook settings' endpoints the fuzz sends to (issue 19). Merged into FUZZ by
test_fuzz.py. Addresses come from a fixed list (public and private literals, schemes and
shapes that must be refused), so that the fuzz never asks DNS about a made-up name."""

from tests.security.fuzz_endpoints import Endpoint, button
from tests.security.fuzz_strategies import texts_of
from webhooks.models import Delivery, Event
from webhooks.models import Endpoint as WebhookEndpoint

PUBLIC = "https://93.184.215.14/hook"
ADDRESSES = texts_of(
    PUBLIC,
    "https://93.184.215.14:8443/a?b=c",
    "http://93.184.215.14/plain",
    "https://127.0.0.1/",
    "https://169.254.169.254/latest/meta-data/",
    "https://[::1]:8000/",
    "https://10.0.0.1/",
    "https://user:pw@93.184.215.14/",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "https://93.184.215.14/" + "x" * 600,
    "",
)


def webhook_objects(organisation, foreign_organisation):
    """An endpoint of Acme's with a delivery, and Globex's (not Acme's to see)."""

    def endpoint_with_delivery(owner, number):
        endpoint = WebhookEndpoint.objects.create(
            organisation=owner, url=PUBLIC, events=["round.opened"]
        )
        delivery = Delivery.objects.create(
            endpoint=endpoint,
            event="round.opened",
            event_id=f"00000000-0000-4000-8000-00000000000{number}",
            payload={"type": "round.opened"},
            state=Delivery.State.FAILED,
        )
        return endpoint, delivery

    endpoint, delivery = endpoint_with_delivery(organisation, 1)
    foreign_endpoint, foreign_delivery = endpoint_with_delivery(foreign_organisation, 2)
    return {
        "webhook_endpoint": endpoint,
        "webhook_delivery": delivery,
        "foreign_webhook_endpoint": foreign_endpoint,
        "foreign_webhook_delivery": foreign_delivery,
    }


def fields(world):
    return {
        "url": ADDRESSES,
        "events": texts_of(*Event.values, "nope", ""),
        "active": texts_of("on", "1", "", "false"),
    }


def endpoints(world):
    return [
        {"pk": world.webhook_endpoint.pk},
        {"pk": world.foreign_webhook_endpoint.pk},
        {"pk": 2**31},
    ]


def deliveries(world):
    mine, theirs = world.webhook_endpoint.pk, world.foreign_webhook_endpoint.pk
    return [
        {"pk": mine, "delivery": world.webhook_delivery.pk},
        {"pk": mine, "delivery": world.foreign_webhook_delivery.pk},
        {"pk": theirs, "delivery": world.foreign_webhook_delivery.pk},
        {"pk": mine, "delivery": 2**31},
    ]


WEBHOOKS_FUZZ = {
    "webhooks:create": Endpoint(fields=fields, methods=("post", "get")),
    "webhooks:edit": Endpoint(fields=fields, urls=endpoints, methods=("post", "get")),
    "webhooks:delete": button(urls=endpoints),
    "webhooks:resend": button(urls=deliveries),
}
