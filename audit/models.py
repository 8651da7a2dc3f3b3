"""The organisation's audit log: one entry per change that matters (django-auditlog's log
entry, with the organisation it belongs to and what kind of change it was)."""

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit import scope
from audit.recording import current_actor, current_address, deleted_organisations


class EntryManager(LogEntryManager):
    """django-auditlog writes an entry for each saved or deleted row of a registered model
    (audit/scope.py) through `log_create`; each learns here its organisation (so that the
    page filters by it in the database), its kind, its actor and address."""

    def _fill(self, instance, kwargs) -> bool:
        """Fill in what django-auditlog does not know; False: not to be recorded."""
        kwargs.setdefault("organisation_id", scope.organisation_of(instance))
        if kwargs["organisation_id"] in deleted_organisations:
            return False
        action = kwargs.get("action", 1)
        kwargs.setdefault("kind", scope.kind_of(instance, action, kwargs.get("changes")))
        actor = current_actor()
        if actor is not None:
            kwargs.setdefault("actor", actor)
            kwargs.setdefault("actor_email", actor.email)
        kwargs.setdefault("remote_addr", current_address())
        return True

    def log_create(self, instance, force_log=False, **kwargs):
        if (kwargs.get("changes") is not None or force_log) and not self._fill(instance, kwargs):
            return None
        return super().log_create(instance, force_log=force_log, **kwargs)

    def log_m2m_changes(self, changed_queryset, instance, operation, field_name, **kwargs):
        if changed_queryset and not self._fill(instance, kwargs):
            return None
        return super().log_m2m_changes(changed_queryset, instance, operation, field_name, **kwargs)


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
