"""Rounds: what the API shows of them (progress as counts, never who answered what) and
what it takes to open one or to move its deadline."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.validators import no_control_characters
from api.refusals import ID_MAX
from assessments.dates import validate_assessment_date
from assessments.models import Assessment
from rounds import selectors
from rounds.models import Round
from rounds.services import MAX_REMINDER_DAYS, MAX_REMINDERS


class ProgressSerializer(serializers.Serializer):
    teams = serializers.IntegerField(help_text="Teams taking part.")
    submitted = serializers.IntegerField(help_text="Teams whose assessment is submitted.")
    late = serializers.IntegerField(
        help_text="Teams whose assessment was not complete when the deadline passed."
    )
    not_finished = serializers.IntegerField(help_text="Teams whose assessment is not submitted.")


class RoundSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    label = serializers.CharField(help_text="The round's label, such as “2027 Q1”.")
    model = serializers.IntegerField(source="model_id", help_text="The maturity model version.")
    opens_on = serializers.DateField(help_text="The day the respondents are invited.")
    deadline = serializers.DateField(help_text="The last day to answer.")
    state = serializers.ChoiceField(
        source="status",
        choices=Round.Status.choices,
        help_text="scheduled (opens later), open, past_deadline (complete assessments were "
        "submitted at the deadline, the rest are late) or closed.",
    )
    anonymous = serializers.BooleanField(
        help_text="Managers see how many chose each level, never who chose what."
    )
    reminder_days = serializers.ListField(
        child=serializers.IntegerField(), help_text="Days before the deadline with a reminder."
    )
    closed_at = serializers.DateTimeField(allow_null=True)
    progress = serializers.SerializerMethodField()

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, round_):
        return {
            "teams": round_.teams,
            "submitted": round_.submitted,
            "late": round_.late,
            "not_finished": round_.teams - round_.submitted,
        }


class TeamProgressSerializer(serializers.Serializer):
    """One team of a round: counts of its respondents, never who answered what."""

    team = serializers.IntegerField(source="team_id")
    team_name = serializers.CharField()
    state = serializers.ChoiceField(
        choices=Assessment.State.choices, help_text="The state of the team's assessment."
    )
    stage = serializers.ChoiceField(
        choices=[selectors.NOT_STARTED, selectors.ANSWERING, selectors.FINISHED, "submitted"],
        help_text="not_started, answering (someone has begun), finished (every respondent "
        "answered every area) or submitted.",
    )
    late = serializers.BooleanField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    respondents = serializers.IntegerField(help_text="People asked to answer.")
    finished = serializers.IntegerField(help_text="Respondents who answered every area.")
    started = serializers.IntegerField(help_text="Respondents who answered some areas.")
    not_started = serializers.IntegerField(help_text="Respondents who answered nothing yet.")
    disagreements = serializers.IntegerField(
        help_text="Areas whose answers lie two levels or more apart, waiting for agreement."
    )


class RoundDetailSerializer(RoundSerializer):
    team_progress = TeamProgressSerializer(many=True, help_text="Every team, by name.")


def team_rows(progress, submitted_at):
    """The selector's rows, with each assessment's submission time (`submitted_at`: id → time)."""
    return [
        {
            "team_id": team.team_id,
            "team_name": team.team_name,
            "state": team.state,
            "stage": team.stage,
            "late": team.late,
            "submitted_at": submitted_at.get(team.assessment_id),
            "respondents": team.respondents,
            "finished": team.finished,
            "started": team.started,
            "not_started": team.not_started,
            "disagreements": team.disagreements,
        }
        for team in progress.teams
    ]


def _day():
    return serializers.DateField(validators=[validate_assessment_date])


class RoundOpenSerializer(serializers.Serializer):
    label = serializers.CharField(
        max_length=60,
        validators=[no_control_characters],
        help_text="For example “2027 Q1”; each team's assessment is named after it.",
    )
    model = serializers.IntegerField(
        min_value=1, max_value=ID_MAX, help_text="A model version the organisation uses."
    )
    opens_on = _day()
    deadline = _day()
    teams = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=ID_MAX),
        allow_empty=False,
        max_length=10_000,
        help_text="The ids of the active teams that take part.",
    )
    anonymous = serializers.BooleanField(default=False)
    reminder_days = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=MAX_REMINDER_DAYS),
        max_length=MAX_REMINDERS,
        default=[3, 1],
        help_text="Days before the deadline on which those who have not finished are reminded.",
    )


class DeadlineSerializer(serializers.Serializer):
    deadline = serializers.DateField(
        validators=[validate_assessment_date], help_text="A later deadline than the current one."
    )
