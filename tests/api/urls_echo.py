"""A test-only endpoint that parses its body as every API view does (tests/api/test_limits.py)."""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView


class Echo(APIView):
    def post(self, request):
        return Response({"keys": sorted(request.data)})


urlpatterns = [path("echo/", Echo.as_view())]
