"""Assessments with their results, a person's answers, and scores over time.

Scoped as the pages are: the caller sees the assessments of the teams it may see
(accounts.permissions.visible_teams; a token: every team of its organisation); anything
else is a 404. Lists read a fixed number of queries, however many rows.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.response import Response

from accounts.models import Team
from accounts.permissions import visible_teams
from api.permissions import OrganisationMixin
from api.refusals import team_or_404
from api.serializers.assessments import (
    AnswerSerializer,
    AssessmentDetailSerializer,
    AssessmentSerializer,
    LatestScoresSerializer,
    RecordedAnswerSerializer,
    TeamScoresSerializer,
)
from api.views.maturity import models_of
from assessments import selectors, services
from assessments.models import Answer, Assessment, DimensionScore
from assessments.responses import responses
from dashboards.selectors import Filters, teams_with_latest
from reports.exports import assessments_export, two_decimals


class Refused(APIException):
    """A rule of assessments.services said no: its message, with its status (400 or 409)."""

    def __init__(self, error: services.AssessmentError):
        self.status_code = error.status
        super().__init__(str(error))


def visible_assessments(request, organisation):
    teams = visible_teams(request.user, organisation, include_archived=True)
    return Assessment.objects.filter(team__in=teams).select_related("team", "model")


def id_param(request, name):
    """The integer query parameter `name`, or None; anything else is a 400."""
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise ValidationError({name: [_("Give an id (a whole number).")]})
    return int(value)


def model_param(request, organisation):
    """The model named by ?model=, one the organisation may see (else a 404), or None."""
    pk = id_param(request, "model")
    if pk is None:
        return None
    model = models_of(organisation).filter(pk=pk).first()
    if model is None:
        raise NotFound(_("No such model."))
    return model


def overall_of(assessment):
    if assessment.overall_score is None:
        return None
    return {"score": two_decimals(assessment.overall_score), "level": assessment.overall_level}


def row(assessment, respondents):
    return {
        "id": assessment.pk,
        "team_id": assessment.team_id,
        "team": assessment.team.slug,
        "model_id": assessment.model_id,
        "model": assessment.model.slug,
        "version": assessment.model.version,
        "label": assessment.label,
        "date": assessment.date,
        "state": assessment.state,
        "anonymous": assessment.anonymous,
        "submitted_at": assessment.submitted_at,
        "respondents": respondents,
        "overall": overall_of(assessment),
    }


STATES = {"open": Assessment.OPEN_STATES, "submitted": [Assessment.State.SUBMITTED]}


@extend_schema(
    parameters=[
        OpenApiParameter("team", int, description="Only this team's assessments."),
        OpenApiParameter("model", int, description="Only those of this model version."),
        OpenApiParameter(
            "state", str, enum=list(STATES), description="open: being answered; submitted."
        ),
    ]
)
class AssessmentList(OrganisationMixin, generics.ListAPIView):
    """The assessments of the teams the caller may see, newest first."""

    serializer_class = AssessmentSerializer

    def get_queryset(self):
        rows = visible_assessments(self.request, self.organisation)
        team = id_param(self.request, "team")
        if team is not None:
            if (
                not visible_teams(self.request.user, self.organisation, include_archived=True)
                .filter(pk=team)
                .exists()
            ):
                raise NotFound(_("No such team."))
            rows = rows.filter(team_id=team)
        model = model_param(self.request, self.organisation)
        if model is not None:
            rows = rows.filter(model=model)
        state = self.request.query_params.get("state")
        if state is not None:
            if state not in STATES:
                raise ValidationError({"state": [_("Choose “open” or “submitted”.")]})
            rows = rows.filter(state__in=STATES[state])
        return rows.order_by("-date", "-pk")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        counts = selectors.respondent_count([a.pk for a in page])
        return self.get_paginated_response([row(a, counts.get(a.pk, 0)) for a in page])


class AssessmentDetail(OrganisationMixin, generics.GenericAPIView):
    """One assessment with its results as the JSON export gives them (scores, chosen and
    reached levels, the source of each area's result) and, per area, how many respondents
    chose each level — never who, whether the assessment is anonymous or not."""

    serializer_class = AssessmentDetailSerializer
    lookup_url_kwarg = "assessment"

    def get_queryset(self):
        return visible_assessments(self.request, self.organisation)

    def get(self, request, *args, **kwargs):
        assessment = self.get_object()
        item = assessments_export([assessment])[0]
        display = selectors.ModelDisplay.of(assessment.model)
        said = responses(assessment, display)
        return Response(
            {
                **row(assessment, item["respondents"]),
                "overall": item["overall"],
                "areas": item["areas"],
                "dimensions": item["dimensions"],
                "responses": {
                    key: [{"level": level.number, "respondents": n} for level, n in area.counts]
                    for key, area in said.areas.items()
                },
            }
        )


def answer_body(area_key, answer):
    if answer is None:
        return {
            "area": area_key,
            "level": None,
            "ticked": [],
            "comment": "",
            "evidence": [],
            "revision": 0,
            "updated_at": None,
        }
    return {
        "area": area_key,
        "level": answer.level,
        "ticked": list(answer.ticked),
        "comment": answer.comment,
        "evidence": list(answer.evidence),
        "revision": answer.revision,
        "updated_at": answer.updated_at,
    }


class AnswerDetail(OrganisationMixin, generics.GenericAPIView):
    """The caller's own answer for one area of an assessment (a token: its own account's).

    PUT records it as the answering page does (assessments.services.answer_record: the same
    checks and locks); who may answer is the page's rule, `assessments.answer` (a writing
    token answers as a manager may). A submitted assessment refuses it (409); a level or a
    characteristic the model lacks is a 400; an area it lacks, a 404.
    """

    serializer_class = AnswerSerializer
    write_permission = "assessments.answer"

    def _lookup(self):
        assessment = get_object_or_404(
            visible_assessments(self.request, self.organisation), pk=self.kwargs["assessment"]
        )
        area = selectors.ModelDisplay.of(assessment.model).areas.get(self.kwargs["area"])
        if area is None:
            raise NotFound(_("There is no such area in this assessment's model."))
        return assessment, area

    def _mine(self, assessment, area):
        return Answer.objects.filter(
            assessment=assessment, respondent=self.request.user, area_id=area.pk
        ).first()

    @extend_schema(responses=RecordedAnswerSerializer)
    def get(self, request, *args, **kwargs):
        assessment, area = self._lookup()
        return Response(answer_body(area.key, self._mine(assessment, area)))

    @extend_schema(request=AnswerSerializer, responses=RecordedAnswerSerializer)
    def put(self, request, *args, **kwargs):
        assessment, area = self._lookup()
        self.check_write(assessment)
        given = AnswerSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        try:
            recorded = services.answer_record(
                assessment=assessment,
                respondent=request.user,
                area_key=area.key,
                level=data["level"],
                ticked=data["ticked"],
                comment=data["comment"],
                evidence=data["evidence"],
                revision=data["revision"],
            )
        except services.AssessmentError as error:
            raise Refused(error) from None
        return Response(answer_body(area.key, recorded.answer))


def scores_of(rows, field="dimension_key"):
    return {
        getattr(score, field): {"score": two_decimals(score.score), "level": score.level}
        for score in rows
    }


@extend_schema(
    parameters=[OpenApiParameter("model", int, description="Only results of this model version.")]
)
class TeamScores(OrganisationMixin, generics.ListAPIView):
    """A team's submitted assessments, oldest first, each with its overall, dimension and area
    scores and levels as they were stored on submit. Each names its model version
    (`model_id`): two versions' scales differ, so a trend is drawn per model (?model=)."""

    serializer_class = TeamScoresSerializer

    def get_queryset(self):
        team = team_or_404(self.request.user, self.organisation, self.kwargs["team"])
        rows = Assessment.objects.filter(team=team, state=Assessment.State.SUBMITTED)
        model = model_param(self.request, self.organisation)
        if model is not None:
            rows = rows.filter(model=model)
        return rows.prefetch_related("dimension_scores", "area_scores").order_by("date", "pk")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            [
                {
                    "assessment": a.pk,
                    "model_id": a.model_id,
                    "date": a.date,
                    "label": a.label,
                    "overall": overall_of(a),
                    "dimensions": scores_of(a.dimension_scores.all()),
                    "areas": scores_of(a.area_scores.all(), "area_key"),
                }
                for a in page
            ]
        )


@extend_schema(
    parameters=[OpenApiParameter("model", int, description="Only results of this model version.")]
)
class LatestScores(OrganisationMixin, generics.ListAPIView):
    """Every active team the caller may see, by name, with its latest submitted result:
    overall and per dimension (of one model version with ?model=). Read from the scores
    stored on submit in a fixed number of queries, however many teams."""

    serializer_class = LatestScoresSerializer

    def get_queryset(self):
        filters = Filters(model=model_param(self.request, self.organisation))
        teams = visible_teams(self.request.user, self.organisation)
        return teams_with_latest(self.organisation, filters, teams=teams)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        ids = [team.latest_id for team in page if team.latest_id is not None]
        latest = {a.pk: a for a in Assessment.objects.filter(pk__in=ids)}
        dimensions = {}
        for score in DimensionScore.objects.filter(assessment_id__in=ids).order_by("pk"):
            dimensions.setdefault(score.assessment_id, []).append(score)
        return self.get_paginated_response(
            [latest_row(team, latest.get(team.latest_id), dimensions) for team in page]
        )


def latest_row(team: Team, assessment, dimensions):
    found = None
    if assessment is not None:
        found = {
            "assessment": assessment.pk,
            "model_id": assessment.model_id,
            "date": assessment.date,
            "label": assessment.label,
            "overall": overall_of(assessment),
            "dimensions": scores_of(dimensions.get(assessment.pk, [])),
        }
    return {"team": {"id": team.pk, "slug": team.slug, "name": team.name}, "latest": found}
