"""SSRF: endpoints are https:// and outside the site's own networks, checked when saved and
again before each send (a name may point elsewhere by then)."""

import socket

import pytest

from webhooks import sending, services
from webhooks.addresses import UnsafeAddress, resolve, url_problem
from webhooks.events import envelope
from webhooks.models import Delivery


@pytest.fixture
def strict(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    settings.WEBHOOKS_ALLOW_HTTP = False
    settings.DEBUG = False


def resolving_to(monkeypatch, *addresses):
    def fake(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", fake)


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://172.16.0.1/hook",
        "https://192.168.1.1/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[fe80::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://224.0.0.1/hook",
        "https://0.0.0.0/hook",
        "https://240.0.0.1/hook",
        "https://100.64.0.1/hook",
    ],
)
def test_private_loopback_link_local_multicast_and_reserved_addresses_are_refused(strict, url):
    assert "private or reserved" in url_problem(url)


def test_plain_http_is_refused_in_production(strict):
    assert url_problem("http://93.184.215.14/hook") == "The address must begin with https://."
    assert url_problem("ftp://93.184.215.14/hook") == "The address must begin with https://."


def test_plain_http_is_allowed_by_the_setting_or_in_development(strict, settings):
    settings.WEBHOOKS_ALLOW_HTTP = True
    assert url_problem("http://93.184.215.14/hook") is None
    settings.WEBHOOKS_ALLOW_HTTP, settings.DEBUG = False, True
    assert url_problem("http://93.184.215.14/hook") is None


def test_a_public_address_is_allowed(strict):
    target = resolve("https://93.184.215.14:8443/hook?x=1")
    assert target == ("https", "93.184.215.14", 8443, "/hook?x=1", "93.184.215.14")


def test_user_names_in_the_address_are_refused(strict):
    assert "user name" in url_problem("https://me:secret@93.184.215.14/")


def test_a_name_with_any_private_address_is_refused(strict, monkeypatch):
    resolving_to(monkeypatch, "93.184.215.14", "10.0.0.5")
    assert "10.0.0.5" in url_problem("https://hooks.example.com/")


def test_a_name_that_does_not_resolve_is_refused(strict, monkeypatch):
    def fails(*args, **kwargs):
        raise socket.gaierror("no such name")

    monkeypatch.setattr(socket, "getaddrinfo", fails)
    assert "cannot be found" in url_problem("https://nowhere.example.com/")


def test_the_setting_allows_private_addresses(strict, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    assert url_problem("https://127.0.0.1/hook") is None


@pytest.mark.django_db
def test_registration_refuses_a_private_address(strict, organisation, admin):
    with pytest.raises(services.WebhookError) as refused:
        services.endpoint_create(
            organisation=organisation,
            url="https://169.254.169.254/",
            events=["round.opened"],
            by=admin,
        )
    assert refused.value.field == "url"


@pytest.mark.django_db
def test_each_send_checks_again_when_the_name_has_moved(
    strict, organisation, admin, monkeypatch, receiver
):
    resolving_to(monkeypatch, "93.184.215.14")
    services.endpoint_create(
        organisation=organisation,
        url="https://hooks.example.com/",
        events=["round.opened"],
        by=admin,
    )
    payload = envelope("round.opened", "acme", {"round": {"id": 1}})
    [delivery_id] = services.event_publish(
        organisation_id=organisation.pk, event="round.opened", payload=payload
    )
    resolving_to(monkeypatch, "127.0.0.1")  # DNS rebinding towards the site's own machine

    delivery = sending.delivery_attempt(delivery_id)

    assert delivery.state == Delivery.State.PENDING
    assert delivery.last_status is None
    assert "private or reserved" in delivery.last_error
    assert receiver.requests == []


def test_the_send_connects_to_the_address_that_was_checked(monkeypatch, receiver):
    """The name is resolved once: the connection goes to the address checked, not to a
    second look-up that could answer differently."""
    host, port = receiver.server.server_address[:2]
    calls = []
    real = socket.getaddrinfo

    def once(name, *args, **kwargs):
        if name == host:  # connecting to the checked address looks nothing up
            return real(name, *args, **kwargs)
        calls.append(name)
        if len(calls) > 1:
            raise AssertionError("resolved twice")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (host, port))]

    monkeypatch.setattr(socket, "getaddrinfo", once)
    status = sending.post(f"http://hooks.example.com:{port}/x", b"{}", {"X-Test": "1"})

    assert status == 200 and calls == ["hooks.example.com"]
    [(path, headers, _body)] = receiver.requests
    assert path == "/x" and headers["Host"] == f"hooks.example.com:{port}"


def test_unsafe_address_carries_a_message():
    with pytest.raises(UnsafeAddress):
        resolve("notaurl")
