"""The model browser and each organisation's choice of models."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import organisation_view, organisations_for
from maturity import services
from maturity.forms import ModelsInUseForm, ModelUploadForm
from maturity.interchange import ModelImportError
from maturity.models import Characteristic, MaturityModel, visible_models


@login_required
def model_list(request):
    models = visible_models(organisations_for(request.user)).select_related("organisation")
    groups = [(slug, list(versions)) for slug, versions in groupby(models, key=lambda m: m.slug)]
    return render(request, "maturity/model_list.html", {"groups": groups})


@login_required
def model_detail(request, slug, version):
    model = (
        visible_models(organisations_for(request.user))
        .select_related("organisation")
        .filter(slug=slug, version=version)
        .first()
    )
    if model is None:
        raise Http404("No such model")
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
        "maturity/model_detail.html",
        {
            "model": model,
            "areas": areas,
            "rows": rows,
            "dimensions": [
                (dimension, [area.name for area in areas if area.dimension_id == dimension.pk])
                for dimension in model.dimensions.order_by("position")
            ],
        },
    )


def _own_model_or_404(organisation, pk):
    model = MaturityModel.objects.filter(organisation=organisation, pk=pk).first()
    if model is None:
        raise Http404("No such model")
    return model


@organisation_view("accounts.manage_organisation")
@require_http_methods(["GET", "POST"])
def settings_models(request, organisation):
    in_use_form = _in_use_form(organisation, request.POST or None)
    if request.method == "POST" and in_use_form.is_valid():
        services.models_in_use_set(
            organisation=organisation, models=in_use_form.cleaned_data["models"]
        )
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


@organisation_view("accounts.manage_organisation")
@require_POST
def model_upload(request, organisation):
    form = ModelUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            model = services.model_upload(
                organisation=organisation, raw=form.cleaned_data["file"].read()
            )
        except ModelImportError as error:
            return _render_settings(
                request, organisation, upload_form=form, errors=error.errors, status=400
            )
        messages.success(
            request,
            _("“%(name)s” version %(version)s was imported as a draft. Check it, then publish it.")
            % {"name": model.name, "version": model.version},
        )
        return redirect("maturity:settings", org=organisation.slug)
    return _render_settings(request, organisation, upload_form=form, status=400)


@organisation_view("accounts.manage_organisation")
@require_POST
def model_publish(request, organisation, pk):
    model = _own_model_or_404(organisation, pk)
    try:
        services.model_publish(model=model)
    except services.ModelError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("“%(name)s” has been published.") % {"name": model.name})
    return redirect("maturity:settings", org=organisation.slug)


@organisation_view("accounts.manage_organisation")
@require_POST
def model_delete(request, organisation, pk):
    model = _own_model_or_404(organisation, pk)
    try:
        services.model_delete_draft(model=model)
    except services.ModelError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The draft has been deleted."))
    return redirect("maturity:settings", org=organisation.slug)


@organisation_view("accounts.manage_organisation")
@require_POST
def model_retire(request, organisation, pk):
    model = _own_model_or_404(organisation, pk)
    try:
        services.model_retire(model=model)
    except services.ModelError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("“%(name)s” has been retired.") % {"name": model.name})
    return redirect("maturity:settings", org=organisation.slug)
