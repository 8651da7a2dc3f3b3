"""Rounds, for managers (and tokens): the list with progress, one round's progress per team,
opening one, extending its deadline and closing it, through the rounds' own selectors and
services, so that the API keeps the pages' rules."""

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Team
from api.permissions import OrganisationMixin
from api.refusals import ID_MAX, Conflict, invalid
from api.serializers.rounds import (
    DeadlineSerializer,
    RoundDetailSerializer,
    RoundOpenSerializer,
    RoundSerializer,
    team_rows,
)
from assessments.models import Assessment
from assessments.selectors import models_for
from rounds import selectors, services
from rounds.permissions import get_round_or_404
from rounds.services import RoundError


def round_detail(round_):
    """The round with its totals and every team's progress: six queries, however many teams."""
    progress = selectors.progress(round_)
    totals = progress.totals
    round_.teams, round_.submitted, round_.late = totals.teams, totals.submitted, totals.late
    submitted_at = dict(
        Assessment.objects.filter(
            pk__in=[team.assessment_id for team in progress.teams if team.submitted]
        ).values_list("pk", "submitted_at")
    )
    round_.team_progress = team_rows(progress, submitted_at)
    return RoundDetailSerializer(round_).data


def _refused(error: RoundError):
    return invalid(error.field, error)


class RoundList(OrganisationMixin, generics.ListAPIView):
    """The organisation's rounds, newest first, each with its progress in counts."""

    read_permission = "rounds.view_rounds"
    write_permission = "rounds.open_round"
    serializer_class = RoundSerializer

    def get_queryset(self):
        return selectors.rounds_for(self.organisation)

    @extend_schema(request=RoundOpenSerializer, responses={201: RoundDetailSerializer})
    def post(self, request, *args, **kwargs):
        """Open a round: an assessment for each chosen team, its members invited by e-mail
        on the opening date. All or nothing."""
        self.check_write(self.organisation)
        given = RoundOpenSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        model = models_for(self.organisation).filter(pk=data["model"]).first()
        if model is None:
            raise invalid("model", _("Choose a model version your organisation uses."))
        wanted = set(data["teams"])
        teams = list(
            Team.objects.filter(organisation=self.organisation, pk__in=wanted).select_related(
                "organisation"
            )
        )
        if len(teams) != len(wanted):
            raise invalid("teams", _("Choose teams of your organisation."))
        try:
            round_ = services.round_open(
                organisation=self.organisation,
                label=data["label"],
                model=model,
                opens_on=data["opens_on"],
                deadline=data["deadline"],
                teams=sorted(teams, key=lambda team: (team.name, team.pk)),
                by=request.user,
                anonymous=data["anonymous"],
                reminder_days=data["reminder_days"],
                base_url=request.build_absolute_uri("/"),
            )
        except RoundError as error:
            raise _refused(error) from None
        return Response(round_detail(round_), status=status.HTTP_201_CREATED)


class RoundMixin(OrganisationMixin):
    read_permission = "rounds.view_rounds"
    write_permission = "rounds.change_round"

    def get_round(self):
        pk = self.kwargs["round"]
        return get_round_or_404(self.organisation, pk if pk <= ID_MAX else 0)


class RoundDetail(RoundMixin, APIView):
    """One round: its progress, and every team's (respondents as counts only)."""

    @extend_schema(responses=RoundDetailSerializer)
    def get(self, request, *args, **kwargs):
        return Response(round_detail(self.get_round()))


class RoundExtend(RoundMixin, APIView):
    """A later deadline: late teams are no longer late, reminders count to the new day. A
    closed round keeps its deadline (409)."""

    @extend_schema(request=DeadlineSerializer, responses=RoundDetailSerializer)
    def post(self, request, *args, **kwargs):
        round_ = self.get_round()
        self.check_write(self.organisation)
        given = DeadlineSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        if round_.is_closed:
            raise Conflict(_("The round is closed; its deadline stays as it was."))
        try:
            round_ = services.deadline_extend(
                round_=round_, deadline=given.validated_data["deadline"], by=request.user
            )
        except RoundError as error:
            if error.field is None:  # closed meanwhile
                raise Conflict(str(error)) from None
            raise _refused(error) from None
        return Response(round_detail(round_))


class RoundClose(RoundMixin, APIView):
    """Close the round: no more e-mails; assessments still open stay open for their teams
    to finish. A closed round is a 409."""

    @extend_schema(request=None, responses=RoundDetailSerializer)
    def post(self, request, *args, **kwargs):
        round_ = self.get_round()
        self.check_write(self.organisation)
        with transaction.atomic():
            if type(round_).objects.select_for_update().get(pk=round_.pk).is_closed:
                raise Conflict(_("The round was closed already."))
            round_ = services.round_close(round_=round_, by=request.user)
        return Response(round_detail(round_))
