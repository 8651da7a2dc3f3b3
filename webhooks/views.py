"""The organisation's webhook settings (administrators): endpoints, their secret and their
recent deliveries, with a re-send button each."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import organisation_view
from webhooks import services
from webhooks.forms import EndpointForm
from webhooks.models import Delivery, Endpoint
from webhooks.services import WebhookError

PAGE_SIZE = 25


def _endpoint_or_404(organisation, pk):
    return get_object_or_404(Endpoint, organisation=organisation, pk=pk)


def _form_error(form, error):
    form.add_error(error.field if error.field in form.fields else None, str(error))


@organisation_view("webhooks.manage_webhooks")
@require_GET
def endpoint_list(request, organisation):
    endpoints = Endpoint.objects.filter(organisation=organisation).order_by("created_at", "pk")
    return render(
        request,
        "webhooks/endpoint_list.html",
        {"organisation": organisation, "endpoints": endpoints},
    )


@organisation_view("webhooks.manage_webhooks")
@require_http_methods(["GET", "POST"])
def endpoint_create(request, organisation):
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = services.endpoint_create(
                organisation=organisation,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                by=request.user,
            )
        except WebhookError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Endpoint added. Use its secret to check the signatures."))
            return redirect("webhooks:detail", org=organisation.slug, pk=endpoint.pk)
    return render(
        request, "webhooks/endpoint_form.html", {"organisation": organisation, "form": form}
    )


@organisation_view("webhooks.manage_webhooks")
@require_GET
def endpoint_detail(request, organisation, pk):
    endpoint = _endpoint_or_404(organisation, pk)
    deliveries = Delivery.objects.filter(endpoint=endpoint).order_by("-created_at", "-pk")
    page = Paginator(deliveries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "webhooks/endpoint_detail.html",
        {"organisation": organisation, "endpoint": endpoint, "page": page},
    )


@organisation_view("webhooks.manage_webhooks")
@require_http_methods(["GET", "POST"])
def endpoint_edit(request, organisation, pk):
    endpoint = _endpoint_or_404(organisation, pk)
    form = EndpointForm(request.POST or None, endpoint=endpoint)
    if request.method == "POST" and form.is_valid():
        try:
            services.endpoint_update(endpoint=endpoint, **form.cleaned_data)
        except WebhookError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Endpoint saved."))
            return redirect("webhooks:detail", org=organisation.slug, pk=endpoint.pk)
    return render(
        request,
        "webhooks/endpoint_form.html",
        {"organisation": organisation, "form": form, "endpoint": endpoint},
    )


@organisation_view("webhooks.manage_webhooks")
@require_http_methods(["GET", "POST"])
def endpoint_delete(request, organisation, pk):
    endpoint = _endpoint_or_404(organisation, pk)
    if request.method == "POST":
        services.endpoint_delete(endpoint=endpoint)
        messages.success(request, _("Endpoint removed."))
        return redirect("webhooks:list", org=organisation.slug)
    return render(
        request,
        "webhooks/endpoint_delete.html",
        {"organisation": organisation, "endpoint": endpoint},
    )


@organisation_view("webhooks.manage_webhooks")
@require_POST
def delivery_resend(request, organisation, pk, delivery):
    endpoint = _endpoint_or_404(organisation, pk)
    delivery = get_object_or_404(Delivery, endpoint=endpoint, pk=delivery)
    try:
        services.delivery_resend(delivery=delivery)
    except WebhookError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The delivery is sent again."))
    return redirect("webhooks:detail", org=organisation.slug, pk=endpoint.pk)
