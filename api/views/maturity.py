"""The maturity models an organisation may use, with their contents in both languages."""

from django.db.models import Exists, OuterRef, Q
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response

from api.permissions import OrganisationMixin
from api.serializers.maturity import (
    ModelDetailSerializer,
    ModelSummarySerializer,
    model_detail,
    model_summary,
)
from assessments.models import Assessment
from maturity.models import MaturityModel


def models_of(organisation):
    """The shipped published versions the organisation has in use, its own versions (draft,
    published or retired), and any version its assessments were answered with (one taken out
    of use since): the models its people see on the pages. Any other is a 404."""
    answered = Assessment.objects.filter(model=OuterRef("pk"), team__organisation=organisation)
    in_use = MaturityModel.used_by.through.objects.filter(
        maturitymodel=OuterRef("pk"), organisation=organisation
    )
    return MaturityModel.objects.filter(
        Q(organisation=organisation)
        | Q(organisation__isnull=True, status=MaturityModel.Status.PUBLISHED) & Exists(in_use)
        | Q(organisation__isnull=True) & Exists(answered)
    )


class ModelList(OrganisationMixin, generics.ListAPIView):
    """The maturity models the organisation may use, by slug and version."""

    serializer_class = ModelSummarySerializer

    def get_queryset(self):
        return models_of(self.organisation).order_by("slug", "version", "pk")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([model_summary(model) for model in page])


class ModelDetail(OrganisationMixin, generics.GenericAPIView):
    """One model version: its levels, dimensions, areas and characteristics, every text in
    German (`de`) and English (`en`)."""

    serializer_class = ModelDetailSerializer
    lookup_url_kwarg = "model"

    def get_queryset(self):
        return models_of(self.organisation)

    @extend_schema(responses=ModelDetailSerializer)
    def get(self, request, *args, **kwargs):
        return Response(model_detail(self.get_object()))
