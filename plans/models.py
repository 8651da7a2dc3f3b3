"""A team's improvement plan: actions, most of them taken from its roadmap, each serving
one characteristic of an area's next step (or none: a free action), and the weekly digest
e-mails that remind their owners (each recorded once)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Team
from accounts.validators import no_control_characters
from assessments.models import Assessment
from maturity.models import Area, Characteristic

MAX_TITLE_LENGTH = 200
MAX_NOTE_LENGTH = 5_000


class Action(models.Model):
    class Status(models.TextChoices):
        # Their own context: an assessment's "In progress" and "Done" read otherwise in German.
        OPEN = "open", pgettext_lazy("action status", "Open")
        IN_PROGRESS = "in_progress", pgettext_lazy("action status", "In progress")
        DONE = "done", pgettext_lazy("action status", "Done")
        DROPPED = "dropped", pgettext_lazy("action status", "Dropped")

    # Still to be done: in "my actions", the digest and the overdue marks.
    PENDING = (Status.OPEN, Status.IN_PROGRESS)

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="actions", verbose_name=_("team")
    )
    title = models.CharField(
        _("title"), max_length=MAX_TITLE_LENGTH, validators=[no_control_characters]
    )
    note = models.TextField(_("note"), blank=True, max_length=MAX_NOTE_LENGTH)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("owner"),
    )
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    # What it serves: an area, and within it one characteristic of a next step (both empty
    # for a free action). Matched by key in later model versions.
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
    )
    characteristic = models.ForeignKey(
        Characteristic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("characteristic"),
    )
    # The assessment whose roadmap it was taken from.
    assessment = models.ForeignKey(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["team", "due", "pk"]
        indexes = [
            models.Index(fields=["team", "status"], name="action_team_status"),
            models.Index(fields=["owner", "status", "due"], name="action_owner_status"),
        ]
        constraints = [
            # A double click, or two people at once, make one action of a characteristic.
            models.UniqueConstraint(
                fields=["team", "characteristic"],
                condition=Q(characteristic__isnull=False) & ~Q(status="dropped"),
                name="one_live_action_per_characteristic",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def pending(self):
        return self.status in self.PENDING


class Digest(models.Model):
    """A weekly digest e-mail to one owner: recorded before it is sent, sent at most once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="action_digests"
    )
    week = models.CharField(max_length=8)  # ISO week, "2026-W49"
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("action digest")
        verbose_name_plural = _("action digests")
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="one_digest_per_week")]

    def __str__(self):
        return f"{self.user_id} {self.week}"
