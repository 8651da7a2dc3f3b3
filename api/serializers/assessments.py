"""Assessments, their results and answers, and scores over time, as the API gives them.

The results of one assessment are the JSON export's (reports/exports.py): the API and
`export_results` agree figure for figure. Nothing here names a respondent of an anonymous
assessment: results and counts only.
"""

from rest_framework import serializers

from assessments.models import Assessment
from assessments.services import MAX_COMMENT_LENGTH, MAX_EVIDENCE_LINKS


class ScoreSerializer(serializers.Serializer):
    score = serializers.FloatField(help_text="Rounded to two decimals.")
    level = serializers.IntegerField()


class AssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    team_id = serializers.IntegerField()
    team = serializers.CharField(help_text="The team's short name (slug).")
    model_id = serializers.IntegerField()
    model = serializers.CharField(help_text="The model's slug.")
    version = serializers.CharField(help_text="The model version it was answered with.")
    label = serializers.CharField(help_text="For example “2026 Q4”.")
    date = serializers.DateField()
    state = serializers.ChoiceField(choices=Assessment.State.choices)
    anonymous = serializers.BooleanField(
        help_text="true: who answered what is never shown, only how many chose each level."
    )
    submitted_at = serializers.DateTimeField(allow_null=True)
    respondents = serializers.IntegerField(help_text="How many people answered an area.")
    overall = ScoreSerializer(allow_null=True, help_text="The stored result once submitted.")


class AreaResultSerializer(serializers.Serializer):
    level = serializers.IntegerField(help_text="The level chosen (agreed, median or single).")
    reached = serializers.IntegerField(
        help_text="The chosen level raised through following levels that add nothing new."
    )
    ticked = serializers.ListField(
        child=serializers.CharField(), help_text="The next step's characteristics in place."
    )
    new_next = serializers.IntegerField(help_text="How many new characteristics the next step has.")
    score = serializers.FloatField()
    source = serializers.ChoiceField(choices=["agreed", "median", "single"])


class LevelCountSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    respondents = serializers.IntegerField()


class AssessmentDetailSerializer(AssessmentSerializer):
    overall = ScoreSerializer(allow_null=True, help_text="None until every area has a result.")
    areas = serializers.DictField(
        child=AreaResultSerializer(), help_text="Area key → result (areas with a result only)."
    )
    dimensions = serializers.DictField(
        child=ScoreSerializer(), help_text="Dimension key → result (complete dimensions only)."
    )
    responses = serializers.DictField(
        child=LevelCountSerializer(many=True),
        help_text="Area key → how many respondents chose each level (never who).",
    )


class ScoresSerializer(serializers.Serializer):
    assessment = serializers.IntegerField(help_text="The assessment's id.")
    model_id = serializers.IntegerField()
    date = serializers.DateField()
    label = serializers.CharField()
    overall = ScoreSerializer(allow_null=True)
    dimensions = serializers.DictField(child=ScoreSerializer(), help_text="Dimension key → result.")


class TeamScoresSerializer(ScoresSerializer):
    areas = serializers.DictField(child=ScoreSerializer(), help_text="Area key → result.")


class TeamRefSerializer(serializers.Serializer):
    """A team by id, slug and name."""

    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


class LatestScoresSerializer(serializers.Serializer):
    team = TeamRefSerializer()
    latest = ScoresSerializer(
        allow_null=True, help_text="The team's latest submitted result; null: none yet."
    )


class AnswerSerializer(serializers.Serializer):
    """One person's answer for one area of an open assessment."""

    area = serializers.CharField(read_only=True, help_text="The area's key.")
    level = serializers.IntegerField(
        min_value=0, max_value=99, help_text="A level number of the model (see the model)."
    )
    ticked = serializers.ListField(
        child=serializers.CharField(max_length=120),
        max_length=500,
        required=False,
        default=list,
        help_text="Keys of the next step's characteristics already in place; others are "
        "ignored, unknown keys refused.",
    )
    comment = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        trim_whitespace=False,
        max_length=MAX_COMMENT_LENGTH,
    )
    evidence = serializers.ListField(
        child=serializers.CharField(max_length=2000, allow_blank=True),
        max_length=MAX_EVIDENCE_LINKS * 2,
        required=False,
        default=list,
        help_text=f"Web addresses (http or https), at most {MAX_EVIDENCE_LINKS}.",
    )
    revision = serializers.IntegerField(
        min_value=0,
        max_value=2**62,
        required=False,
        allow_null=True,
        default=None,
        help_text="The revision the caller last read: a save based on another one is a 409. "
        "Leave it out to save whatever is stored.",
    )
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)


class RecordedAnswerSerializer(serializers.Serializer):
    area = serializers.CharField(help_text="The area's key.")
    level = serializers.IntegerField(allow_null=True, help_text="null: not answered yet.")
    ticked = serializers.ListField(child=serializers.CharField())
    comment = serializers.CharField(allow_blank=True)
    evidence = serializers.ListField(child=serializers.CharField())
    revision = serializers.IntegerField(help_text="Counted up by every change; 0: none yet.")
    updated_at = serializers.DateTimeField(allow_null=True)
