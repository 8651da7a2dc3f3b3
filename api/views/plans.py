"""A team's targets and plan, every action the caller may see, and the common gaps, through
the services of the pages (assessments.services.target_set, plans.services) and their rules:
a team the caller does not see is a 404, a role that may not change it a 403, an archived
team's plan a 409."""

from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.permissions import visible_teams
from api.permissions import OrganisationMixin
from api.refusals import ID_MAX, Conflict, invalid, team_or_404
from api.serializers.plans import (
    ActionChangeSerializer,
    ActionCreateSerializer,
    ActionFilterSerializer,
    ActionSerializer,
    CommonGapsSerializer,
    GapFilterSerializer,
    TargetSerializer,
    TargetWriteSerializer,
)
from assessments import services as assessment_services
from assessments.models import Target
from assessments.selectors import ModelDisplay, models_for
from maturity.models import Area, Characteristic, Dimension, Level
from plans import gaps, services
from plans.models import Action
from plans.selectors import PENDING, UNASSIGNED
from rounds.models import Round

# ---------------------------------------------------------------------------------------------
# Targets


def _person(user):
    return {"id": user.pk, "name": user.name or user.email} if user is not None else None


def _target_row(key, target):
    return {
        "dimension": key,
        "level": target.level if target else None,
        "set_by": _person(target.set_by) if target else None,
        "set_at": target.set_at if target else None,
    }


def _dimension_keys(organisation):
    """The keys of the dimensions of the model versions in use, in the models' order."""
    keys = Dimension.objects.filter(model__in=models_for(organisation)).order_by(
        "model__slug", "model__version", "position"
    )
    return list(dict.fromkeys(keys.values_list("key", flat=True)))


class TargetList(OrganisationMixin, APIView):
    """The team's current target level in every dimension of the models in use (null: none)."""

    @extend_schema(responses=TargetSerializer(many=True))
    def get(self, request, *args, **kwargs):
        team = team_or_404(request.user, self.organisation, kwargs["team"])
        current = {
            target.dimension_key: target
            for target in Target.objects.filter(team=team, current=True).select_related("set_by")
        }
        keys = _dimension_keys(self.organisation)
        keys += [key for key in current if key not in keys]
        return Response(
            TargetSerializer([_target_row(k, current.get(k)) for k in keys], many=True).data
        )


class TargetDetail(OrganisationMixin, APIView):
    """One dimension's target of the team; PUT sets it (managers), as the team page does."""

    write_permission = "assessments.set_targets"

    def _lookup(self, request, kwargs):
        team = team_or_404(request.user, self.organisation, kwargs["team"])
        key = kwargs["dimension_key"]
        if key not in _dimension_keys(self.organisation):
            raise Http404("No such dimension")
        return team, key

    def _row(self, team, key):
        target = Target.objects.filter(team=team, dimension_key=key, current=True)
        return TargetSerializer(_target_row(key, target.select_related("set_by").first())).data

    @extend_schema(responses=TargetSerializer)
    def get(self, request, *args, **kwargs):
        return Response(self._row(*self._lookup(request, kwargs)))

    @extend_schema(request=TargetWriteSerializer, responses=TargetSerializer)
    def put(self, request, *args, **kwargs):
        team, key = self._lookup(request, kwargs)
        self.check_write(team)
        given = TargetWriteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        level = given.validated_data["level"]
        levels = Level.objects.filter(
            model__in=models_for(self.organisation), model__dimensions__key=key
        )
        if level is not None and not levels.filter(number=level).exists():
            raise invalid("level", _("A target is a level of the model."))
        try:
            with transaction.atomic():
                assessment_services.target_set(
                    team=team, dimension_key=key, level=level, by=request.user
                )
        except assessment_services.AssessmentError as refusal:
            raise invalid("level", refusal) from None
        return Response(self._row(team, key))


# ---------------------------------------------------------------------------------------------
# Actions


def _actions():
    return Action.objects.select_related("team", "owner", "area", "characteristic")


def _filtered(actions, query, *, with_team=True):
    given = ActionFilterSerializer(data=query)
    given.is_valid(raise_exception=True)
    wanted = given.validated_data
    if with_team and "team" in wanted:
        actions = actions.filter(team=wanted["team"])
    owner = wanted.get("owner")
    if owner == UNASSIGNED:
        actions = actions.filter(owner__isnull=True)
    elif owner:
        actions = actions.filter(owner_id=int(owner))
    if wanted.get("status") == PENDING:
        actions = actions.filter(status__in=Action.PENDING)
    elif wanted.get("status"):
        actions = actions.filter(status=wanted["status"])
    return actions


class ActionList(OrganisationMixin, generics.ListAPIView):
    """Every action of the teams the caller sees, by team and due date. A team in the filter
    that the caller does not see is a 404."""

    serializer_class = ActionSerializer

    @extend_schema(parameters=[ActionFilterSerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        teams = visible_teams(self.request.user, self.organisation, include_archived=True)
        team = self.request.query_params.get("team", "")
        if (
            team.isascii()
            and team.isdigit()
            and not teams.filter(pk=min(int(team), ID_MAX)).exists()
        ):
            raise Http404("No such team")
        actions = _filtered(_actions().filter(team__in=teams), self.request.query_params)
        return actions.order_by("team__name", "team_id", F("due").asc(nulls_last=True), "pk")


def _owner(team, pk):
    if pk is None:
        return None
    owner = User.objects.filter(pk=pk).first()
    problem = (
        services.owner_problem(team, owner) if owner else _("The owner must belong to the team.")
    )
    if problem:
        raise invalid("owner", problem)
    return owner


def _in_use(organisation, model_class, field, pk):
    if pk is None:
        return None
    found = model_class.objects.filter(pk=pk, model__in=models_for(organisation)).first()
    if found is None and model_class is Area:
        raise invalid(field, _("Choose an area of a model your organisation uses."))
    if found is None:
        raise invalid(field, _("Choose a characteristic of a model your organisation uses."))
    return found


def _writable(view, team):
    view.check_write(team)
    if team.archived:
        raise Conflict(_("The team is archived; its plan can be read, not changed."))


class TeamActionList(ActionList):
    """The team's plan: its actions by due date; POST adds one (team members and managers)."""

    write_permission = "plans.change_plan"

    def get_queryset(self):
        team = team_or_404(self.request.user, self.organisation, self.kwargs["team"])
        query = self.request.query_params
        actions = _filtered(_actions().filter(team=team), query, with_team=False)
        return actions.order_by(F("due").asc(nulls_last=True), "created_at", "pk")

    @extend_schema(request=ActionCreateSerializer, responses={201: ActionSerializer})
    def post(self, request, *args, **kwargs):
        """A new action; one for a characteristic that has a live action already is that
        action (200)."""
        team = team_or_404(request.user, self.organisation, kwargs["team"])
        _writable(self, team)
        given = ActionCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        fields = dict(given.validated_data)
        fields["owner"] = _owner(team, fields.get("owner"))
        fields["area"] = _in_use(self.organisation, Area, "area", fields.get("area"))
        fields["characteristic"] = _in_use(
            self.organisation, Characteristic, "characteristic", fields.get("characteristic")
        )
        before = Action.objects.filter(team=team).values_list("pk", flat=True)
        had = (
            set(before.filter(characteristic=fields["characteristic"]))
            if fields["characteristic"]
            else set()
        )
        try:
            action = services.action_create(team=team, by=request.user, **fields)
        except services.PlanError as refusal:
            raise invalid(None, refusal) from None
        code = status.HTTP_200_OK if action.pk in had else status.HTTP_201_CREATED
        return Response(ActionSerializer(_actions().get(pk=action.pk)).data, status=code)


class ActionDetail(OrganisationMixin, generics.RetrieveAPIView):
    """One action; PATCH changes it (team members and managers), with an optional
    `updated_at` so that a change made meanwhile by someone else is not overwritten (409)."""

    serializer_class = ActionSerializer
    write_permission = "plans.change_plan"

    def get_object(self):
        teams = visible_teams(self.request.user, self.organisation, include_archived=True)
        pk = self.kwargs["action"]
        action = _actions().filter(team__in=teams, pk=pk if pk <= ID_MAX else 0).first()
        if action is None:
            raise Http404("No such action")
        action.team.organisation = self.organisation
        return action

    @extend_schema(request=ActionChangeSerializer, responses=ActionSerializer)
    def patch(self, request, *args, **kwargs):
        action = self.get_object()
        _writable(self, action.team)
        given = ActionChangeSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        fields = dict(given.validated_data)
        seen = fields.pop("updated_at", None)
        if "owner" in fields and fields["owner"] != action.owner_id:
            fields["owner"] = _owner(action.team, fields["owner"])
        elif "owner" in fields:
            fields["owner"] = action.owner
        try:
            services.action_update(action=action, by=request.user, seen=seen, **fields)
        except services.PlanConflict as conflict:
            raise Conflict(str(conflict)) from None
        except services.PlanError as refusal:
            raise invalid(None, refusal) from None
        return Response(ActionSerializer(self.get_object()).data)


# ---------------------------------------------------------------------------------------------
# Common gaps


class CommonGaps(OrganisationMixin, APIView):
    """Per area, the next-step characteristics most teams miss (their latest submitted
    assessment of one model version, or a round's), with the teams and their actions."""

    read_permission = "plans.view_gaps"

    @extend_schema(parameters=[GapFilterSerializer], responses=CommonGapsSerializer)
    def get(self, request, *args, **kwargs):
        given = GapFilterSerializer(data=request.query_params)
        given.is_valid(raise_exception=True)
        wanted = given.validated_data
        models = list(models_for(self.organisation))
        model = models[0] if models else None
        if "model" in wanted:
            model = next((m for m in models if m.pk == wanted["model"]), None)
            if model is None:
                raise Http404("No such model")
        if model is None:
            empty = {"model": None, "round": None, "dimension": None, "teams": 0, "areas": []}
            return Response(CommonGapsSerializer(empty).data)
        round_ = None
        if "round" in wanted:
            round_ = Round.objects.filter(
                organisation=self.organisation, pk=wanted["round"]
            ).first()
            if round_ is None:
                raise Http404("No such round")
            if round_.model_id != model.pk:
                raise invalid("round", _("The round is of another model version."))
        dimension = wanted.get("dimension")
        if dimension and dimension not in ModelDisplay.of(model).dimensions:
            raise invalid("dimension", _("The model has no such dimension."))
        found = gaps.common_gaps(self.organisation, model, round_=round_, dimension=dimension)
        return Response(CommonGapsSerializer(found).data)
