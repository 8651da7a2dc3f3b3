"""The organisation's audit log: one entry per change that matters (django-auditlog's log
entry, with the organisation it belongs to and what kind of change it was)."""

from auditlog.models import AbstractLogEntry
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.recording import EntryManager


class Kind(models.TextChoices):
    CREATED = "created", _("Created")
    CHANGED = "changed", _("Changed")
    DELETED = "deleted", _("Deleted")
    SUBMITTED = "submitted", _("Submitted")
    REOPENED = "reopened", _("Reopened")
    AGREED = "agreed", _("Answer agreed")
    UPLOADED = "uploaded", _("Model uploaded")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")
    REVOKED = "revoked", _("Revoked")
    SIGNED_IN = "signed_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")


class Entry(AbstractLogEntry):
    # Null for what belongs to no organisation (a shipped model, a failed sign-in that named
    # no known account): the operator sees those in the Django admin only.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    objects = EntryManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log entries")
        ordering = ["-timestamp", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "-timestamp", "-id"], name="audit_org_time"),
            models.Index(fields=["timestamp"], name="audit_time"),
        ]
