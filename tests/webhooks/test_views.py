"""The webhook settings pages: administrators only; another organisation's endpoint is a 404."""

import pytest
from django.urls import reverse

from webhooks.events import envelope
from webhooks.models import Delivery, Endpoint
from webhooks.services import endpoint_create, event_publish


def url(name, organisation, *args):
    return reverse(f"webhooks:{name}", args=[organisation.slug, *args])


@pytest.fixture
def delivery(organisation, endpoint):
    payload = envelope("round.opened", organisation.slug, {"round": {"id": 3}})
    [delivery_id] = event_publish(
        organisation_id=organisation.pk, event="round.opened", payload=payload
    )
    return Delivery.objects.get(pk=delivery_id)


@pytest.mark.django_db
def test_an_admin_adds_an_endpoint_and_sees_its_secret(client_for, admin, organisation, receiver):
    client = client_for(admin)
    assert client.get(url("list", organisation)).status_code == 200

    response = client.post(
        url("create", organisation),
        {"url": receiver.url, "events": ["assessment.submitted", "action.done"]},
    )

    endpoint = Endpoint.objects.get(organisation=organisation)
    assert response.status_code == 302
    assert response["Location"] == url("detail", organisation, endpoint.pk)
    assert endpoint.events == ["assessment.submitted", "action.done"]
    assert endpoint.secret.startswith("whsec_") and endpoint.created_by == admin
    page = client.get(response["Location"]).content.decode()
    assert endpoint.secret in page
    listing = client.get(url("list", organisation)).content.decode()
    assert receiver.url.replace("&", "&amp;") in listing and endpoint.secret not in listing


@pytest.mark.django_db
def test_a_private_address_is_refused_on_the_form(client_for, admin, organisation, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    response = client_for(admin).post(
        url("create", organisation), {"url": "https://10.0.0.1/hook", "events": ["round.opened"]}
    )

    assert response.status_code == 200
    assert "private or reserved" in response.content.decode()
    assert not Endpoint.objects.exists()


@pytest.mark.django_db
def test_an_admin_edits_and_removes_an_endpoint(client_for, admin, organisation, endpoint):
    client = client_for(admin)
    assert client.get(url("edit", organisation, endpoint.pk)).status_code == 200
    response = client.post(
        url("edit", organisation, endpoint.pk), {"url": endpoint.url, "events": ["round.closed"]}
    )
    endpoint.refresh_from_db()
    assert response.status_code == 302
    assert (endpoint.events, endpoint.active) == (["round.closed"], False)

    assert client.get(url("delete", organisation, endpoint.pk)).status_code == 200
    assert client.post(url("delete", organisation, endpoint.pk)).status_code == 302
    assert not Endpoint.objects.exists()


@pytest.mark.django_db
def test_deliveries_are_listed_and_re_sent(
    client_for,
    admin,
    organisation,
    endpoint,
    delivery,
    receiver,
    django_capture_on_commit_callbacks,
):
    client = client_for(admin)
    page = client.get(url("detail", organisation, endpoint.pk)).content.decode()
    assert "round.opened" in page and "Re-send" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("resend", organisation, endpoint.pk, delivery.pk))

    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.state, delivery.last_status, delivery.attempts) == ("delivered", 200, 1)
    assert len(receiver.requests) == 1
    assert client.get(url("resend", organisation, endpoint.pk, delivery.pk)).status_code == 405


@pytest.mark.django_db
def test_the_deliveries_page_is_paginated_in_few_queries(
    client_for, admin, organisation, endpoint, django_assert_max_num_queries
):
    for number in range(30):
        payload = envelope("round.opened", organisation.slug, {"round": {"id": number}})
        event_publish(organisation_id=organisation.pk, event="round.opened", payload=payload)
    client = client_for(admin)
    client.get(url("detail", organisation, endpoint.pk))  # the session settles

    with django_assert_max_num_queries(12):
        response = client.get(url("detail", organisation, endpoint.pk))
    assert len(response.context["page"].object_list) == 25
    assert (
        len(client.get(url("detail", organisation, endpoint.pk) + "?page=2").context["page"]) == 5
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["manager", "member", "viewer"])
def test_only_admins_manage_webhooks(client_for, request, role, organisation, endpoint, delivery):
    client = client_for(request.getfixturevalue(role))
    for name, args in (
        ("list", ()),
        ("create", ()),
        ("detail", (endpoint.pk,)),
        ("edit", (endpoint.pk,)),
        ("delete", (endpoint.pk,)),
    ):
        assert client.get(url(name, organisation, *args)).status_code == 403, name
    assert client.post(url("resend", organisation, endpoint.pk, delivery.pk)).status_code == 403
    assert client.post(url("delete", organisation, endpoint.pk)).status_code == 403
    assert Endpoint.objects.filter(pk=endpoint.pk).exists()


@pytest.mark.django_db
def test_outsiders_and_other_organisations_endpoints_are_404(
    client_for, admin, outsider, organisation, other_organisation, endpoint, delivery, receiver
):
    theirs = endpoint_create(
        organisation=other_organisation, url=receiver.url, events=["round.opened"], by=outsider
    )
    client = client_for(admin)
    for name in ("detail", "edit", "delete"):
        assert client.get(url(name, organisation, theirs.pk)).status_code == 404, name
    assert client.post(url("delete", organisation, theirs.pk)).status_code == 404
    assert client.post(url("resend", organisation, theirs.pk, delivery.pk)).status_code == 404
    # The delivery of A's endpoint under B's endpoint id: still not found.
    outsider_client = client_for(outsider)
    assert outsider_client.get(url("detail", organisation, endpoint.pk)).status_code == 404
    other = url("resend", other_organisation, theirs.pk, delivery.pk)
    assert outsider_client.post(other).status_code == 404
    assert Endpoint.objects.filter(pk=theirs.pk).exists()
