from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    """A PDF report ordered by a user, built by a Celery worker, downloaded through a view."""

    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", _("One assessment")
        TEAM = "team", _("A team's history")
        ORGANISATION = "organisation", _("The organisation")
        ROUND = "round", _("A round")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="reports"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # A round's report: the organisation's, limited to the round's assessments.
    round = models.ForeignKey(
        "rounds.Round", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The organisation's report is of one model (of those in use; none: the first of them).
    model = models.ForeignKey(
        "maturity.MaturityModel",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("model"),
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    created_at = models.DateTimeField(_("ordered"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "created_at"], name="report_org_created")]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk} ({self.state})"

    @property
    def title(self):
        """What the report is about, as the list of reports names it."""
        if self.assessment:
            return f"{self.get_kind_display()}: {self.assessment.team.name} {self.assessment.label}"
        if self.team:
            return f"{self.get_kind_display()}: {self.team.name}"
        if self.round:
            return f"{self.get_kind_display()}: {self.round.label}"
        if self.model:
            return f"{self.get_kind_display()}: {self.model.name} {self.model.version}"
        return self.get_kind_display()

    @property
    def finished(self):
        return self.state in (self.State.DONE, self.State.FAILED)
