"""An organisation's round ("2027 Q1"): an assessment for each chosen team, its respondents,
its deadline, and every e-mail it sent (each at most once)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Team
from accounts.validators import no_control_characters
from assessments.models import Assessment
from maturity.models import MaturityModel


def default_reminder_days():
    return [3, 1]


class Round(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        OPEN = "open", _("Open")
        PAST_DEADLINE = "past_deadline", _("Past its deadline")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="rounds",
        verbose_name=_("organisation"),
    )
    label = models.CharField(
        _("label"),
        max_length=60,
        help_text=_("For example “2027 Q1”; each team's assessment is named after it."),
        validators=[no_control_characters],
    )
    model = models.ForeignKey(
        MaturityModel, on_delete=models.PROTECT, related_name="+", verbose_name=_("maturity model")
    )
    opens_on = models.DateField(_("opening date"))
    # The last day to answer; the round's deadline passes at the end of it (TIME_ZONE).
    deadline = models.DateField(_("deadline"))
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_(
            "Managers and facilitators see how many chose each level, never who chose what."
        ),
    )
    # Days before the deadline on which those who have not finished are reminded.
    reminder_days = models.JSONField(
        _("reminders (days before the deadline)"), default=default_reminder_days
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # When the invitations were queued (on the opening date), and when the deadline was
    # dealt with (complete assessments submitted, the rest marked late); extending the
    # deadline clears the latter.
    invited_at = models.DateTimeField(_("invitations sent"), null=True, blank=True)
    deadline_passed_at = models.DateTimeField(_("deadline passed"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "label"], name="one_round_label_per_organisation"
            )
        ]
        indexes = [
            models.Index(
                fields=["deadline"], condition=models.Q(closed_at=None), name="round_open_deadline"
            )
        ]

    def __str__(self):
        return self.label

    @property
    def status(self):
        if self.closed_at is not None:
            return self.Status.CLOSED
        if self.deadline_passed_at is not None:
            return self.Status.PAST_DEADLINE
        if self.opens_on > timezone.localdate():
            return self.Status.SCHEDULED
        return self.Status.OPEN

    def get_status_display(self):
        return self.Status(self.status).label

    @property
    def is_closed(self):
        return self.closed_at is not None

    def deadline_ends(self) -> datetime.datetime:
        """The moment the deadline passes: the end of its day in the site's time zone."""
        day_after = self.deadline + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day_after, datetime.time()))


class Entry(models.Model):
    """One team in a round, with the assessment it answers (created or adopted)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="round_entries")
    # Usually one round's; a team's assessment left open when its round closed is taken
    # into the team's next round of the model, and is then in both.
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="round_entries",
        related_query_name="round_entry",
    )
    # The team's open assessment of the model was taken into the round, not created by it.
    adopted = models.BooleanField(default=False)
    # Not complete when the deadline passed: it stays open and is listed as late.
    late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("team in a round")
        verbose_name_plural = _("teams in a round")
        ordering = ["round", "team__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "team"], name="one_entry_per_team_and_round")
        ]

    def __str__(self):
        return f"{self.round} {self.team}"


class Respondent(models.Model):
    """A person asked to answer a team's assessment in a round."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="respondents")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="round_respondents"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        constraints = [
            models.UniqueConstraint(fields=["entry", "user"], name="one_respondent_per_entry")
        ]

    def __str__(self):
        return f"{self.entry}: {self.user}"


class Mail(models.Model):
    """An e-mail of a round to one person, recorded before it is sent so that it is sent at
    most once, whoever (two beat processes, a redelivered task) asks for it again."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REMINDER = "reminder", _("Reminder")  # key: days before the deadline
        NUDGE = "nudge", _("Reminder sent by a manager")  # key: the day it was sent
        TEAM_DONE = "team_done", _("Every respondent has finished")
        DISAGREEMENT = "disagreement", _("Respondents disagree")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="mails")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="mails")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    key = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("round e-mail")
        verbose_name_plural = _("round e-mails")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "user", "kind", "key"], name="one_mail_per_person_kind_and_key"
            )
        ]
        indexes = [
            models.Index(fields=["round"], condition=models.Q(sent_at=None), name="mail_unsent")
        ]

    def __str__(self):
        return f"{self.kind} {self.key} → {self.user_id}"
