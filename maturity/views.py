"""The model browser and each organisation's choice of models."""

import re
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import organisation_view, organisations_for
from maturity import services
from maturity.forms import LimitedUploadHandler, ModelsInUseForm, ModelUploadForm
from maturity.interchange import ModelImportError
from maturity.limits import MAX_UPLOAD_BYTES
from maturity.models import Characteristic, MaturityModel, visible_models
from maturity.spreadsheet import CONTENT_TYPE, example_model, workbook_of


@login_required
def model_list(request):
    models = visible_models(organisations_for(request.user)).select_related("organisation")
    groups = [(slug, list(versions)) for slug, versions in groupby(models, key=lambda m: m.slug)]
    return render(request, "maturity/model_list.html", {"groups": groups})


@login_required
def model_detail(request, slug, version):
    """A shipped model. An own model's address was this one once: it leads to the new one."""
    if "\x00" in version:  # %00 in the address: PostgreSQL cannot even compare it
        raise Http404("No such model")
    found = visible_models(organisations_for(request.user)).filter(slug=slug, version=version)
    model = found.filter(organisation=None).first()
    if model is None:
        own = found.select_related("organisation").order_by("organisation__name").first()
        if own is None:
            raise Http404("No such model")
        return redirect(own)
    return render_model(request, model)


def _own_version_or_404(organisation, slug, version):
    """A version of the organisation's own models; %00 in the address is no version."""
    model = None
    if "\x00" not in version:
        model = MaturityModel.objects.filter(
            organisation=organisation, slug=slug, version=version
        ).first()
    if model is None:
        raise Http404("No such model")
    return model


@organisation_view()
def own_model_detail(request, organisation, slug, version):
    return render_model(request, _own_version_or_404(organisation, slug, version))


def render_model(request, model, template="maturity/model_detail.html", **extra):
    """The levels × areas table of a version (the model editor's preview shows it too)."""
    levels = list(model.levels.order_by("number"))
    areas = list(model.areas.select_related("dimension").order_by("position"))
    cells = {}
    for characteristic in Characteristic.objects.filter(model=model).order_by("position"):
        cells.setdefault((characteristic.level_id, characteristic.area_id), []).append(
            characteristic
        )
    rows = [(level, [cells.get((level.pk, area.pk), []) for area in areas]) for level in levels]
    return render(
        request,
        template,
        {
            **extra,
            "model": model,
            "areas": areas,
            "rows": rows,
            "dimensions": [
                (dimension, [area.name for area in areas if area.dimension_id == dimension.pk])
                for dimension in model.dimensions.order_by("position")
            ],
        },
    )


def own_model_or_404(organisation, pk):
    """A model of this organisation; a shipped one or another organisation's is a 404."""
    model = MaturityModel.objects.filter(organisation=organisation, pk=pk).first()
    if model is None:
        raise Http404("No such model")
    return model


@organisation_view("maturity.choose_models_in_use")
@require_http_methods(["GET", "POST"])
def settings_models(request, organisation):
    in_use_form = _in_use_form(organisation, request.POST or None)
    if request.method == "POST" and in_use_form.is_valid():
        first_choice = not organisation.models_in_use.exists()
        services.models_in_use_set(
            organisation=organisation, models=in_use_form.cleaned_data["models"]
        )
        if first_choice and in_use_form.cleaned_data["models"]:
            # Sign-up's step when several models ship: the next one is the organisation's.
            messages.success(
                request,
                _("The models in use have been saved: now create the teams and invite colleagues."),
            )
            return redirect("organisation", org=organisation.slug)
        messages.success(request, _("The models in use have been saved."))
        return redirect("maturity:settings", org=organisation.slug)
    return _render_settings(request, organisation, in_use_form=in_use_form)


def _in_use_form(organisation, data=None):
    return ModelsInUseForm(
        data,
        choices=services.models_available_to(organisation).order_by("slug", "version"),
        initial={"models": organisation.models_in_use.all()},
    )


def _render_settings(
    request, organisation, in_use_form=None, upload_form=None, errors=(), status=200
):
    return render(
        request,
        "maturity/settings_models.html",
        {
            "organisation": organisation,
            "in_use_form": in_use_form or _in_use_form(organisation),
            "upload_form": upload_form or ModelUploadForm(),
            "import_errors": errors,
            "own_models": MaturityModel.objects.filter(organisation=organisation).order_by(
                "slug", "version"
            ),
        },
        status=status,
    )


MAX_SHOWN_ERRORS = 50


@csrf_exempt  # checked below, once the body is read with our upload handler
def model_upload(request, org):
    """Reads the upload keeping no more than the size limit; a body Django refuses to read
    (form fields beyond DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields or files, broken
    multipart) is answered with the settings page and a message rather than a bare 400."""
    request.upload_handlers = [LimitedUploadHandler(request)]
    if request.method == "POST":
        try:
            request.POST  # noqa: B018 (parses the body)
        except (
            RequestDataTooBig,
            TooManyFieldsSent,
            TooManyFilesSent,
            MultiPartParserError,
        ):
            return _upload_unreadable(request, org=org)
    return _model_upload(request, org=org)


@organisation_view("maturity.upload_model")
def _upload_unreadable(request, organisation):
    message = _(
        "The upload could not be read: send one model file of at most %(size)d MB "
        "with the form on this page."
    ) % {"size": MAX_UPLOAD_BYTES // 2**20}
    return _render_settings(request, organisation, errors=[("$", message)], status=400)


@csrf_protect
@organisation_view("maturity.upload_model")
@require_POST
def _model_upload(request, organisation):
    form = ModelUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            model = services.model_upload(
                organisation=organisation, raw=form.cleaned_data["file"].read()
            )
        except ModelImportError as error:
            errors = error.errors[:MAX_SHOWN_ERRORS]
            if len(error.errors) > MAX_SHOWN_ERRORS:
                more = len(error.errors) - MAX_SHOWN_ERRORS
                message = ngettext(
                    "and %(count)d more problem", "and %(count)d more problems", more
                )
                errors.append(("…", message % {"count": more}))
            return _render_settings(
                request, organisation, upload_form=form, errors=errors, status=400
            )
        messages.success(
            request,
            _("“%(name)s” version %(version)s was imported as a draft. Check it, then publish it.")
            % {"name": model.name, "version": model.version},
        )
        return redirect("maturity:settings", org=organisation.slug)
    return _render_settings(request, organisation, upload_form=form, status=400)


@organisation_view("maturity.publish_model")
@require_POST
def model_publish(request, organisation, pk):
    model = own_model_or_404(organisation, pk)
    try:
        services.model_publish(model=model)
    except services.ModelError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("“%(name)s” has been published.") % {"name": model.name})
    return redirect("maturity:settings", org=organisation.slug)


@organisation_view("maturity.delete_model")
@require_POST
def model_delete(request, organisation, pk):
    model = own_model_or_404(organisation, pk)
    try:
        services.model_delete_draft(model=model)
    except services.ModelError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The draft has been deleted."))
    return redirect("maturity:settings", org=organisation.slug)


@organisation_view("maturity.retire_model")
@require_POST
def model_retire(request, organisation, pk):
    model = own_model_or_404(organisation, pk)
    try:
        services.model_retire(model=model)
    except services.ModelError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("“%(name)s” has been retired.") % {"name": model.name})
    return redirect("maturity:settings", org=organisation.slug)


@login_required
def model_download(request, slug, version):
    """A shipped model as an XLSX workbook, to be changed and uploaded as an own model. An
    address that names no shipped model is a 404 for any method, like the model's page."""
    if "\x00" in version:
        raise Http404("No such model")
    model = (
        visible_models(organisations_for(request.user))
        .filter(organisation=None, slug=slug, version=version)
        .first()
    )
    if model is None:
        raise Http404("No such model")
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _workbook_response(workbook_of(model), f"{model.slug}-{model.version}")


@organisation_view()
@require_GET
def own_model_download(request, organisation, slug, version):
    model = _own_version_or_404(organisation, slug, version)
    return _workbook_response(workbook_of(model), f"{model.slug}-{model.version}")


@organisation_view("maturity.upload_model")
@require_GET
def model_template(request, organisation):
    """The empty XLSX template; `?example=1` gives it filled with a tiny example model."""
    if request.GET.get("example"):
        return _workbook_response(workbook_of(example_model()), "model-example")
    return _workbook_response(workbook_of(), "model-template")


def _workbook_response(content, name):
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip(".-") or "model"
    response["Content-Disposition"] = content_disposition_header(True, f"{safe}.xlsx")
    return response
