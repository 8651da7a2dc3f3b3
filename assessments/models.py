from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from accounts.validators import no_control_characters
from assessments.dates import validate_assessment_date
from maturity.models import Area, MaturityModel


class Assessment(models.Model):
    """One team, one model version, one point in time."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    # Being answered: a team has at most one such assessment per model version.
    OPEN_STATES = (State.DRAFT, State.IN_PROGRESS)

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("team")
    )
    model = models.ForeignKey(
        MaturityModel,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("maturity model"),
    )
    label = models.CharField(
        _("label"),
        max_length=60,
        help_text=_("For example “2026 Q4”."),
        validators=[no_control_characters],
    )
    date = models.DateField(_("date"), validators=[validate_assessment_date])
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facilitator"),
        help_text=_("A team member who may agree answers and submit, besides managers."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # The overall result, stored on submit for dashboards (see AreaScore).
    overall_score = models.FloatField(null=True, blank=True)
    overall_level = models.PositiveSmallIntegerField(null=True, blank=True)
    # The team's latest submitted assessment with this model version; kept on submit and
    # reopen, so that dashboards find every team's current result by an index.
    is_latest = models.BooleanField(default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    # Anonymous: pages, exports and reports show how many respondents chose each level,
    # never who chose what, and comments without names (set by an anonymous round).
    anonymous = models.BooleanField(_("anonymous"), default=False)
    # The team's previous submitted assessment of the same model (any version), whose
    # answers each respondent sees preselected until they confirm or change them.
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answers carried from"),
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["team", "-date", "-pk"]
        indexes = [
            models.Index(fields=["team", "date"], name="assessment_team_date"),
            models.Index(fields=["team", "state", "date"], name="assessment_team_state_date"),
            models.Index(
                fields=["model", "team"],
                condition=models.Q(is_latest=True),
                name="assessment_latest",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "model"],
                condition=models.Q(state__in=["draft", "in_progress"]),
                name="one_open_assessment_per_team_and_model",
            ),
            models.UniqueConstraint(fields=["team", "label"], name="one_label_per_team"),
        ]

    def __str__(self):
        return f"{self.team} {self.label}"

    @property
    def is_submitted(self):
        return self.state == self.State.SUBMITTED


class Answer(models.Model):
    """One respondent's answer for one area; saved as a whole each time (idempotent)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="answers"
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"))
    ticked = models.JSONField(_("characteristics in place"), default=list, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.JSONField(_("evidence links"), default=list, blank=True)
    # Counted up by the server on every save that changes the answer. A page sends the
    # revision it was showing; a save based on an older one (another tab or window of the
    # same person saved in between) is refused, so neither overwrites the other unseen.
    revision = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(_("saved"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "respondent", "area"], name="one_answer_per_area_and_person"
            )
        ]

    def __str__(self):
        return f"{self.assessment_id}/{self.area_id}/{self.respondent_id}: {self.level}"


class AgreedAnswer(models.Model):
    """The answer a facilitator recorded for an area after looking at every respondent's."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="agreed_answers"
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"))
    ticked = models.JSONField(_("characteristics in place"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    agreed_at = models.DateTimeField(_("agreed"), auto_now=True)

    class Meta:
        verbose_name = _("agreed answer")
        verbose_name_plural = _("agreed answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "area"], name="one_agreed_answer_per_area"
            )
        ]

    def __str__(self):
        return f"{self.assessment_id}/{self.area_id}: {self.level} (agreed)"


class Reopening(models.Model):
    """A manager reopened a submitted assessment: who, when and why."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reopenings")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    at = models.DateTimeField(_("reopened"), auto_now_add=True)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("reopening")
        verbose_name_plural = _("reopenings")
        ordering = ["at"]

    def __str__(self):
        return f"{self.assessment_id} reopened {self.at:%Y-%m-%d}"


class AreaScore(models.Model):
    """The result of one area of a submitted assessment, stored when it is submitted.

    Submitted results never change (reopening removes them), so dashboards aggregate these
    rows in SQL instead of scoring every assessment again.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="area_scores")
    area_key = models.SlugField(max_length=60)
    dimension_key = models.SlugField(max_length=60)
    level = models.PositiveSmallIntegerField()
    score = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "area_key"], name="one_score_per_area")
        ]

    def __str__(self):
        return f"{self.assessment_id}/{self.area_key}: {self.score:.2f}"


class DimensionScore(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="dimension_scores"
    )
    dimension_key = models.SlugField(max_length=60)
    level = models.PositiveSmallIntegerField()
    score = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "dimension_key"], name="one_score_per_dimension"
            )
        ]

    def __str__(self):
        return f"{self.assessment_id}/{self.dimension_key}: {self.score:.2f}"


class StepGap(models.Model):
    """A characteristic of an area's next step not in place in a submitted assessment, stored
    on submit beside AreaScore, so that the organisation's common gaps are counted in SQL."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="step_gaps")
    area_key = models.SlugField(max_length=60)
    dimension_key = models.SlugField(max_length=60)
    characteristic_key = models.CharField(max_length=120)
    reached = models.PositiveSmallIntegerField()  # the area's reached level; the step goes one up

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "characteristic_key"], name="one_gap_per_characteristic"
            )
        ]
        indexes = [models.Index(fields=["characteristic_key"], name="step_gap_characteristic")]

    def __str__(self):
        return f"{self.assessment_id}/{self.characteristic_key}"


class Target(models.Model):
    """A team's target level in one dimension, from a date on; earlier targets are kept."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="targets")
    dimension_key = models.SlugField(_("dimension"), max_length=60)
    level = models.PositiveSmallIntegerField(_("target level"), null=True, blank=True)
    current = models.BooleanField(default=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_at = models.DateTimeField(_("set"), auto_now_add=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["team", "dimension_key", "-set_at"]
        indexes = [models.Index(fields=["team", "dimension_key", "current"], name="target_current")]

    def __str__(self):
        return f"{self.team} {self.dimension_key} → {self.level}"
