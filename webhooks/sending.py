"""Sending one delivery: sign it, POST it, record the attempt, schedule the next one.

A delivery is claimed under its row lock before it is sent: pending and due, its attempts
counted and its next attempt moved on by the back-off. A duplicated or retried task finds it
claimed (not due) or delivered and sends nothing; a worker that dies mid-send leaves it due
again at the back-off, for the beat job (`due_deliveries`) to pick up. The request itself
runs outside any transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import socket
import ssl
import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from webhooks.addresses import Target, UnsafeAddress, resolve
from webhooks.models import Delivery

TIMEOUT_SECONDS = 10
# After the first attempt fails: 1 min, 5 min, 30 min, 2 h, 6 h, 24 h; then it has failed.
BACKOFF = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
    timedelta(hours=24),
]
MAX_ATTEMPTS = len(BACKOFF) + 1
DUE_BATCH = 500
USER_AGENT = "MaturityAssessments-Webhooks/1"


def body_of(payload: dict) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """`sha256=<hex>` of HMAC-SHA256 over "<timestamp>.<body>" with the endpoint's secret."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def headers_for(delivery: Delivery, body: bytes, timestamp: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Maturity-Event": delivery.event,
        "X-Maturity-Delivery": str(delivery.pk),
        "X-Maturity-Timestamp": timestamp,
        "X-Maturity-Signature": signature(delivery.endpoint.secret, timestamp, body),
    }


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the name resolves to by now."""

    def __init__(self, target: Target, **kwargs):
        super().__init__(target.host, target.port, **kwargs)
        self._address = target.address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, target: Target, **kwargs):
        super().__init__(target.host, target.port, context=ssl.create_default_context(), **kwargs)
        self._address = target.address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST the body; the response's status code. Redirects are not followed."""
    target = resolve(url)
    connection_class = _PinnedHTTPS if target.scheme == "https" else _PinnedHTTP
    connection = connection_class(target, timeout=TIMEOUT_SECONDS)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)  # what the receiver says is not kept
        return response.status
    finally:
        connection.close()


def _claim(delivery_id: int) -> Delivery | None:
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("endpoint")
            .filter(pk=delivery_id)
            .first()
        )
        now = timezone.now()
        if (
            delivery is None
            or delivery.state != Delivery.State.PENDING
            or (delivery.next_attempt_at and delivery.next_attempt_at > now)
        ):
            return None
        if delivery.attempts >= MAX_ATTEMPTS:  # its last attempt's worker died mid-send
            delivery.state, delivery.next_attempt_at = Delivery.State.FAILED, None
            delivery.save(update_fields=["state", "next_attempt_at"])
            return None
        delivery.attempts += 1
        # Claimed until the back-off: a crash mid-send leaves it due again then.
        delivery.next_attempt_at = now + BACKOFF[min(delivery.attempts, MAX_ATTEMPTS - 1) - 1]
        delivery.save(update_fields=["attempts", "next_attempt_at"])
        return delivery


def _record(delivery: Delivery, status: int | None, error: str) -> Delivery:
    with transaction.atomic():
        locked = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if locked.attempts != delivery.attempts or locked.state != Delivery.State.PENDING:
            return locked  # re-sent meanwhile: that attempt records itself
        locked.last_status = status
        locked.last_error = error[:500]
        if status is not None and 200 <= status < 300:
            locked.state = Delivery.State.DELIVERED
            locked.delivered_at = timezone.now()
            locked.next_attempt_at = None
        elif locked.attempts >= MAX_ATTEMPTS:
            locked.state = Delivery.State.FAILED
            locked.next_attempt_at = None
        else:
            locked.next_attempt_at = timezone.now() + BACKOFF[locked.attempts - 1]
        locked.save(
            update_fields=["last_status", "last_error", "state", "delivered_at", "next_attempt_at"]
        )
        return locked


def delivery_attempt(delivery_id: int) -> Delivery | None:
    """One attempt, if the delivery is pending and due; None when there was nothing to do."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return None
    if not delivery.endpoint.active:
        return _record(delivery, None, "The endpoint is switched off.")
    body = body_of(delivery.payload)
    timestamp = str(int(time.time()))
    status, error = None, ""
    try:
        status = post(delivery.endpoint.url, body, headers_for(delivery, body, timestamp))
        if not 200 <= status < 300:
            error = f"HTTP {status}"
    except UnsafeAddress as refused:
        error = str(refused)
    except (OSError, http.client.HTTPException) as failure:
        error = f"{type(failure).__name__}: {failure}"
    return _record(delivery, status, error)


def due_deliveries(limit: int = DUE_BATCH) -> list[int]:
    """The ids of pending deliveries whose next attempt is due, oldest first."""
    return list(
        Delivery.objects.filter(state=Delivery.State.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
