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
