"""Organisations (the caller's own) and teams."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from accounts.permissions import organisations_for, visible_teams
from api.permissions import OrganisationMixin, token_of
from api.serializers.accounts import OrganisationSerializer, TeamSerializer


class OrganisationList(generics.ListAPIView):
    """The caller's organisations: a token's one, or each a logged-in person belongs to."""

    serializer_class = OrganisationSerializer

    def get_queryset(self):
        token = token_of(self.request)
        if token is not None:
            return type(token.organisation).objects.filter(pk=token.organisation_id)
        return organisations_for(self.request.user)


class OrganisationDetail(OrganisationMixin, generics.RetrieveAPIView):
    serializer_class = OrganisationSerializer

    def get_object(self):
        return self.organisation


ARCHIVED = OpenApiParameter(
    "archived", bool, description="true: archived teams only; false: active ones (default: all)"
)


@extend_schema(parameters=[ARCHIVED])
class TeamList(OrganisationMixin, generics.ListAPIView):
    """The organisation's teams the caller may see (a token: all of them), by name."""

    serializer_class = TeamSerializer

    def get_queryset(self):
        teams = visible_teams(self.request.user, self.organisation, include_archived=True)
        archived = self.request.query_params.get("archived")
        if archived in ("true", "false"):
            teams = teams.filter(archived=archived == "true")
        return teams.order_by("name", "pk")


class TeamDetail(OrganisationMixin, generics.RetrieveAPIView):
    serializer_class = TeamSerializer
    lookup_url_kwarg = "team"

    def get_queryset(self):
        return visible_teams(self.request.user, self.organisation, include_archived=True)
