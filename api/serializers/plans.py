"""Targets, actions and common gaps as the API shows and takes them."""

from django.utils import timezone
from rest_framework import serializers

from accounts.validators import no_control_characters
from api.refusals import ID_MAX
from plans.models import MAX_NOTE_LENGTH, MAX_TITLE_LENGTH, Action
from plans.selectors import PENDING, UNASSIGNED


def _id(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=ID_MAX, **kwargs)


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TargetSerializer(serializers.Serializer):
    dimension = serializers.CharField(help_text="The key of one of the model's dimensions.")
    level = serializers.IntegerField(allow_null=True, help_text="The target level; null: none.")
    set_by = PersonSerializer(allow_null=True, help_text="Who set it (null: nobody yet).")
    set_at = serializers.DateTimeField(allow_null=True)


class TargetWriteSerializer(serializers.Serializer):
    level = serializers.IntegerField(
        min_value=0,
        max_value=99,
        allow_null=True,
        help_text="A level number of the model (see the model's levels); null removes the target.",
    )


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()


class ActionTeamSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ActionSerializer(serializers.ModelSerializer):
    team = ActionTeamSerializer()
    owner = PersonSerializer(allow_null=True)
    area = RefSerializer(allow_null=True, help_text="The area it serves (null: a free action).")
    characteristic = RefSerializer(
        allow_null=True, help_text="The next-step characteristic it serves, if any."
    )
    status = serializers.ChoiceField(
        Action.Status.choices, help_text="open, in_progress, done or dropped."
    )
    overdue = serializers.SerializerMethodField(help_text="Open or in progress, due before today.")

    class Meta:
        model = Action
        fields = [
            "id",
            "team",
            "title",
            "note",
            "owner",
            "due",
            "status",
            "area",
            "characteristic",
            "assessment",
            "created_at",
            "updated_at",
            "done_at",
            "overdue",
        ]

    def get_overdue(self, action) -> bool:
        return action.pending and action.due is not None and action.due < timezone.localdate()


# The actions' filter: a status, or "pending" (open or in progress).
STATUS_FILTER = [*Action.Status.values, PENDING]


class ActionFilterSerializer(serializers.Serializer):
    team = _id(required=False, help_text="Only this team's actions.")
    status = serializers.ChoiceField(
        choices=STATUS_FILTER,
        required=False,
        help_text="A status, or “pending” for open or in progress.",
    )
    owner = serializers.RegexField(
        rf"^({UNASSIGNED}|[1-9][0-9]{{0,17}})$",
        required=False,
        help_text="A person's id, or “none” for actions nobody owns.",
    )


class ActionChangeSerializer(serializers.Serializer):
    """The fields of a change; each is optional (PATCH)."""

    title = serializers.CharField(max_length=MAX_TITLE_LENGTH, validators=[no_control_characters])
    note = serializers.CharField(max_length=MAX_NOTE_LENGTH, allow_blank=True)
    owner = _id(allow_null=True, help_text="A member of the team (not a viewer); null: nobody.")
    due = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=Action.Status.choices)
    updated_at = serializers.DateTimeField(
        required=False,
        help_text="The action's `updated_at` as you read it: if it was changed since, "
        "nothing is saved and the answer is 409.",
    )


class ActionCreateSerializer(ActionChangeSerializer):
    area = _id(allow_null=True, required=False, help_text="An area of a model in use.")
    characteristic = _id(
        allow_null=True, required=False, help_text="A characteristic; its area is taken from it."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["updated_at"]
        for name in ("note", "owner", "due", "status"):
            self.fields[name].required = False


class GapTeamSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    has_action = serializers.BooleanField(help_text="The team has a live action for it.")


class GapSerializer(serializers.Serializer):
    characteristic = serializers.IntegerField(source="characteristic.pk")
    key = serializers.CharField(source="characteristic.key")
    text_de = serializers.CharField(source="characteristic.text_de")
    text_en = serializers.CharField(source="characteristic.text_en")
    level = serializers.IntegerField(source="level.number", allow_null=True)
    teams = serializers.IntegerField(help_text="Teams that miss it.")
    share = serializers.FloatField(help_text="Of the teams considered, 0 to 1.")
    with_action = serializers.IntegerField(help_text="Of those teams, how many have an action.")
    first_teams = GapTeamSerializer(many=True, help_text="The first teams, alphabetical.")


class AreaGapsSerializer(serializers.Serializer):
    area = serializers.CharField(source="area.key")
    name_de = serializers.CharField(source="area.name_de")
    name_en = serializers.CharField(source="area.name_en")
    gaps = GapSerializer(many=True, help_text="Most common first.")


class CommonGapsSerializer(serializers.Serializer):
    model = serializers.IntegerField(source="model.pk", allow_null=True)
    round = serializers.IntegerField(source="round.pk", allow_null=True)
    dimension = serializers.CharField(allow_null=True)
    teams = serializers.IntegerField(help_text="Teams with a submitted assessment considered.")
    areas = AreaGapsSerializer(many=True, help_text="In the model's order; areas with gaps.")


class GapFilterSerializer(serializers.Serializer):
    model = _id(required=False, help_text="A model version in use (default: the first).")
    round = _id(required=False, help_text="Count this round's assessments, not the latest.")
    dimension = serializers.SlugField(required=False, help_text="One dimension's key.")
