"""An organisation's webhook endpoints and each event's delivery to each of them."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    ASSESSMENT_SUBMITTED = "assessment.submitted", _("Assessment submitted")
    ASSESSMENT_REOPENED = "assessment.reopened", _("Assessment reopened")
    ROUND_OPENED = "round.opened", _("Round opened")
    ROUND_CLOSED = "round.closed", _("Round closed")
    ACTION_DONE = "action.done", _("Action done")


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class Endpoint(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        verbose_name=_("organisation"),
    )
    url = models.URLField(_("address"), max_length=500)
    # Signs every delivery (HMAC-SHA256); kept readable, as the signer needs it.
    secret = models.CharField(_("secret"), max_length=100, default=new_secret, editable=False)
    events = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.url

    def event_labels(self) -> list[str]:
        labels = dict(Event.choices)
        return [str(labels[event]) for event in self.events if event in labels]


class Delivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("endpoint")
    )
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    event_id = models.UUIDField(_("event id"))
    payload = models.JSONField(_("payload"))
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_status = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    last_error = models.CharField(_("error"), max_length=500, blank=True)
    # When the next attempt is due (pending only): the beat job sends what is due.
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event_id"], name="webhook_delivery_once_per_endpoint"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(state="pending"),
                name="webhook_delivery_due",
            )
        ]

    def __str__(self):
        return f"{self.event} → {self.endpoint_id}"
