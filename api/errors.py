"""Every API error as problem details (RFC 9457): `application/problem+json` with type,
title, status and detail; a form's field errors under `errors`."""

from http import HTTPStatus

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.views import exception_handler

PROBLEM = "application/problem+json"


def problem(status, detail, **extra):
    return {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        **extra,
    }


class TooLarge(exceptions.APIException):
    status_code = 413
    default_detail = _("The request body is too large.")
    default_code = "too_large"


def problem_exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        # DRF reads JSON through request.body, where Django keeps DATA_UPLOAD_MAX_MEMORY_SIZE.
        exc = TooLarge()
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an expected failure: Django's 500 (logged)
    data = response.data
    if isinstance(data, dict) and set(data) <= {"detail"}:
        body = problem(response.status_code, str(data.get("detail", "")))
    else:
        # A serializer's validation errors: per field (or "non_field_errors"), or a list.
        body = problem(response.status_code, "The request has invalid fields.", errors=data)
    response.data = body
    response.content_type = PROBLEM
    return response


def not_found(request, *args, **kwargs):
    """Any address under /api/ that no endpoint has, whatever the method."""
    body = problem(404, "No such endpoint.")
    return JsonResponse(body, status=404, content_type=PROBLEM)
