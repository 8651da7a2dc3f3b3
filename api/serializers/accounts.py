from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Organisation, Team


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "slug", "name"]


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "slug", "name", "description", "archived"]
        read_only_fields = ["id", "slug", "archived"]


class TeamWriteSerializer(serializers.Serializer):
    """A new team, or the fields of a team to change (the others stay as they are). The
    settings page's rules apply: a unique short name in the organisation, made from the name
    when none is given."""

    name = serializers.CharField(max_length=120)
    slug = serializers.SlugField(
        max_length=60,
        required=False,
        allow_blank=True,
        help_text="Used in addresses; made from the name if left out.",
    )
    description = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=10_000
    )
    archived = serializers.BooleanField(
        required=False, help_text="true: archive the team (only when changing one)."
    )

    def validate_archived(self, value):
        if self.instance is None:
            raise serializers.ValidationError(_("A new team is not archived."))
        return value
