"""The role matrix's actions on webhooks (issue 19), each through the real endpoint:
(response, whether the effect happened). Registered in role_actions.ACTIONS."""

from tests.security.role_actions import action
from tests.security.role_world import shown
from webhooks.models import Delivery, Endpoint

# A public address given as such: nothing is looked up, nothing is sent (on_commit never runs
# inside the test's transaction).
URL = "https://93.184.215.14/hook"


def _endpoint(w):
    return Endpoint.objects.create(organisation=w.organisation, url=URL, events=["round.opened"])


@action
def see_webhooks(w):
    endpoint = _endpoint(w)
    response = w.client.get(w.url("webhooks:detail", endpoint.pk))
    return response, shown(response, "webhooks/endpoint_detail.html") and (
        endpoint.secret in response.content.decode()
    )


@action
def add_webhook(w):
    response = w.client.post(w.url("webhooks:create"), {"url": URL, "events": ["action.done"]})
    return response, Endpoint.objects.filter(organisation=w.organisation, url=URL).exists()


@action
def edit_webhook(w):
    endpoint = _endpoint(w)
    response = w.client.post(
        w.url("webhooks:edit", endpoint.pk), {"url": URL, "events": ["round.closed"]}
    )
    endpoint.refresh_from_db()
    return response, endpoint.events == ["round.closed"]


@action
def delete_webhook(w):
    endpoint = _endpoint(w)
    response = w.client.post(w.url("webhooks:delete", endpoint.pk))
    return response, not Endpoint.objects.filter(pk=endpoint.pk).exists()


@action
def resend_delivery(w):
    endpoint = _endpoint(w)
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event="round.opened",
        event_id="00000000-0000-4000-8000-000000000002",
        payload={},
        state=Delivery.State.FAILED,
        attempts=7,
    )
    response = w.client.post(w.url("webhooks:resend", endpoint.pk, delivery.pk))
    delivery.refresh_from_db()
    return response, delivery.state == Delivery.State.PENDING and delivery.attempts == 0
