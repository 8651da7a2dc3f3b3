"""Organisations (the caller's own) and teams: read, and created, renamed or archived."""

from django.db import IntegrityError
from django.utils.text import slugify
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accounts import services
from accounts.forms import TeamForm
from accounts.permissions import organisations_for, visible_teams
from api.permissions import OrganisationMixin, token_of
from api.serializers.accounts import (
    OrganisationSerializer,
    TeamSerializer,
    TeamWriteSerializer,
)


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


class TeamWrites(OrganisationMixin):
    """Creating and changing teams, with the settings page's form and services."""

    def check_write(self, obj):
        """Who may create, rename or archive a team: a logged-in person with the page's
        permission (`accounts.create_team` / `accounts.change_team`: admins), or a token
        with write scope. A writing token is otherwise a manager, and managers may not
        change teams on the pages; for teams it is "manager-equivalent" all the same,
        because an admin created it for automation that keeps the organisation's teams
        in step with another system. ApiAccess has already refused read-only tokens."""
        if token_of(self.request) is not None:
            return
        super().check_write(obj)

    def save_team(self, given, team=None):
        """Validate the body's types, then the page's rules (TeamForm); 400 with field errors."""
        check = TeamWriteSerializer(team, data=given, partial=team is not None)
        check.is_valid(raise_exception=True)
        data = check.validated_data
        current = {"name": "", "slug": "", "description": ""}
        if team is not None:
            current = {f: getattr(team, f) for f in ("name", "slug", "description", "archived")}
        fields = {**current, **data}
        if not fields.get("slug"):  # made from the name as the page does, within its length
            fields["slug"] = slugify(fields["name"])[:60].strip("-")
        form = TeamForm(fields, instance=team, organisation=self.organisation)
        if not form.is_valid():
            raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
        cleaned = form.cleaned_data
        try:
            if team is None:
                return services.team_create(
                    organisation=self.organisation,
                    name=cleaned["name"],
                    slug=cleaned["slug"],
                    description=cleaned["description"],
                )
            return services.team_update(
                team=team,
                name=cleaned["name"],
                slug=cleaned["slug"],
                description=cleaned["description"],
                archived=cleaned["archived"],
            )
        except (services.AccountsError, IntegrityError) as error:
            # Taken at the same moment by another request.
            raise ValidationError({"slug": [str(error)]}) from None


@extend_schema(parameters=[ARCHIVED])
class TeamList(TeamWrites, generics.ListAPIView):
    """The organisation's teams the caller may see (a token: all of them), by name."""

    serializer_class = TeamSerializer
    write_permission = "accounts.create_team"

    def get_queryset(self):
        teams = visible_teams(self.request.user, self.organisation, include_archived=True)
        archived = self.request.query_params.get("archived")
        if archived in ("true", "false"):
            teams = teams.filter(archived=archived == "true")
        return teams.order_by("name", "pk")

    @extend_schema(request=TeamWriteSerializer, responses={201: TeamSerializer}, parameters=[])
    def post(self, request, *args, **kwargs):
        """Create a team."""
        self.check_write(self.organisation)
        team = self.save_team(request.data)
        return Response(TeamSerializer(team).data, status=status.HTTP_201_CREATED)


class TeamDetail(TeamWrites, generics.RetrieveAPIView):
    serializer_class = TeamSerializer
    lookup_url_kwarg = "team"
    write_permission = "accounts.change_team"

    def get_queryset(self):
        return visible_teams(self.request.user, self.organisation, include_archived=True)

    @extend_schema(request=TeamWriteSerializer, responses=TeamSerializer)
    def patch(self, request, *args, **kwargs):
        """Rename, describe, archive or restore a team: only the fields given change."""
        team = self.get_object()
        self.check_write(self.organisation)
        return Response(TeamSerializer(self.save_team(request.data, team)).data)
