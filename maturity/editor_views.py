"""The model editor: an organisation's administrators build a draft of their own model in
forms, preview it and publish it. Every write is a service of maturity.editing; a published
or retired version is frozen (the services refuse, the page offers a new version instead)."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.permissions import not_a_post, organisation_view
from maturity import editing, services, views
from maturity.editor_forms import FORMS, ModelForm, NewVersionForm
from maturity.editor_problems import describe_all
from maturity.errors import ModelError
from maturity.interchange import ModelImportError, export_model
from maturity.models import Characteristic, MaturityModel


def _part(model, kind, item):
    part = editing.PARTS[kind].objects.filter(model=model, pk=item).first()
    if part is None:
        raise Http404("No such part")
    return part


def _editor_url(model, anchor="", area=None):
    """The editor's page; with `area`, showing that area's characteristics."""
    url = reverse("maturity:editor", args=[model.organisation.slug, model.pk])
    if area is not None:
        url += f"?area={area}"
    return f"{url}#{anchor}" if anchor else url


def _area_of(kind, part):
    return part.area_id if kind == "characteristic" else None


def _is_draft(model):
    return model.status == MaturityModel.Status.DRAFT


@organisation_view("maturity.edit_model")
@require_http_methods(["GET", "POST"])
def model_create(request, organisation):
    form = ModelForm(request.POST or None, instance=MaturityModel(organisation=organisation))
    if request.method == "POST" and form.is_valid():
        try:
            model = editing.model_create(organisation=organisation, fields=form.cleaned_data)
        except ModelError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The draft has been created. Add its levels and areas."))
            return redirect(_editor_url(model))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "maturity/editor/create.html",
        {"organisation": organisation, "form": form},
        status=status,
    )


@organisation_view("maturity.edit_model")
@require_http_methods(["GET", "POST"])
def editor(request, organisation, pk):
    """The draft's texts (GET shows, POST saves) and the lists of its parts."""
    model = views.own_model_or_404(organisation, pk)
    form = ModelForm(request.POST or None, instance=model) if _is_draft(model) else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("A published version cannot be changed."))
            return redirect(_editor_url(model))
        if form.is_valid():
            try:
                editing.model_change(model=model, fields=form.cleaned_data)
            except ModelError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The model has been saved."))
                return redirect(_editor_url(model))
        model.refresh_from_db()
    return _render_editor(request, organisation, model, form=form)


def _render_editor(request, organisation, model, form=None, problems=None, status=None):
    levels = list(model.levels.order_by("number"))
    dimensions = list(model.dimensions.order_by("position"))
    areas = list(
        model.areas.select_related("dimension")
        .annotate(characteristic_count=Count("characteristics"))
        .order_by("position")
    )
    # One area's characteristics at a time: a model may have 2,000 of them, which as one
    # page of forms made 5 MB of HTML and took seconds.
    wanted = request.GET.get("area", "")
    wanted = int(wanted) if wanted.isascii() and wanted.isdigit() and len(wanted) < 19 else None
    chosen = next((a for a in areas if a.pk == wanted), None)
    chosen = chosen or (areas[0] if areas else None)
    characteristics = list(
        Characteristic.objects.filter(model=model, area=chosen)
        .select_related("level")
        .order_by("level__number", "position")
    )
    draft = _is_draft(model)
    return render(
        request,
        "maturity/editor/editor.html",
        {
            "organisation": organisation,
            "model": model,
            "draft": draft,
            "form": form,
            "levels": levels,
            "dimensions": dimensions,
            "areas": areas,
            "chosen_area": chosen,
            "characteristics": characteristics,
            "problems": problems,
            "new_version_form": None
            if draft
            else NewVersionForm(initial={"version": editing.next_version(model)}),
        },
        status=status or (400 if problems or (form is not None and form.errors) else 200),
    )


@organisation_view("maturity.edit_model")
def new_version(request, organisation, pk):
    model = views.own_model_or_404(organisation, pk)
    if refused := not_a_post(request):
        return refused
    form = NewVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new version a name such as “2” or “2.1”."))
        return redirect(_editor_url(model))
    try:
        copy = editing.model_new_version(model=model, version=form.cleaned_data["version"])
    except ModelError as error:
        messages.error(request, str(error))
        return redirect(_editor_url(model))
    messages.success(
        request,
        _("Version %(version)s has been made as a draft: change it, then publish it.")
        % {"version": copy.version},
    )
    return redirect(_editor_url(copy))


@organisation_view("maturity.edit_model")
def preview(request, organisation, pk):
    model = views.own_model_or_404(organisation, pk)
    return views.render_model(
        request, model, template="maturity/editor/preview.html", organisation=organisation
    )


@organisation_view("maturity.publish_model")
def publish(request, organisation, pk):
    """Publish when the draft passes the checks of an import; else show every problem."""
    model = views.own_model_or_404(organisation, pk)
    if refused := not_a_post(request):
        return refused
    try:
        services.model_publish(model=model)
    except ModelImportError as error:
        problems = describe_all(error.errors, export_model(model))
        messages.error(request, _("The model cannot be published yet; fix the problems below."))
        return _render_editor(
            request, organisation, model, form=ModelForm(instance=model), problems=problems
        )
    except ModelError as error:
        messages.error(request, str(error))
        return redirect(_editor_url(model))
    messages.success(
        request,
        _("“%(name)s” has been published. Choose it under Models in use to assess with it.")
        % {"name": model.name},
    )
    return redirect("maturity:settings", org=organisation.slug)


# --- the parts: levels, dimensions, areas, characteristics --------------------------------


def _form(kind, model, *args, **kwargs):
    extra = {"model": model} if kind in ("area", "characteristic") else {}
    return FORMS[kind](*args, languages=model.language_list, **extra, **kwargs)


def _render_part(request, organisation, model, kind, form, part=None):
    return render(
        request,
        "maturity/editor/part_form.html",
        {
            "organisation": organisation,
            "model": model,
            "kind": kind,
            "kind_name": editing.PARTS[kind]._meta.verbose_name,
            "form": form,
            "part": part,
        },
        status=400 if form.errors else 200,
    )


def _refused(request, model, error):
    messages.error(request, str(error))
    return redirect(_editor_url(model))


@organisation_view("maturity.edit_model")
@require_http_methods(["GET", "POST"])
def part_add(request, organisation, pk, kind):
    model = views.own_model_or_404(organisation, pk)
    if not _is_draft(model):
        return _refused(request, model, _("A published version cannot be changed."))
    initial = {name: request.GET.get(name) for name in ("area", "level") if request.GET.get(name)}
    form = _form(kind, model, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            part = editing.part_add(model=model, kind=kind, fields=form.cleaned_data)
        except ModelError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Added."))
            return redirect(_editor_url(model, f"{kind}-{part.pk}", _area_of(kind, part)))
    return _render_part(request, organisation, model, kind, form)


@organisation_view("maturity.edit_model")
@require_http_methods(["GET", "POST"])
def part_edit(request, organisation, pk, kind, item):
    model = views.own_model_or_404(organisation, pk)
    part = _part(model, kind, item)
    if not _is_draft(model):
        return _refused(request, model, _("A published version cannot be changed."))
    form = _form(kind, model, request.POST or None, instance=part)
    if request.method == "POST" and form.is_valid():
        try:
            editing.part_change(part=part, kind=kind, fields=form.cleaned_data)
        except ModelError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect(_editor_url(model, f"{kind}-{part.pk}", _area_of(kind, part)))
    return _render_part(request, organisation, model, kind, form, part=part)


@organisation_view("maturity.edit_model")
def part_move(request, organisation, pk, kind, item):
    model = views.own_model_or_404(organisation, pk)
    part = _part(model, kind, item)
    if refused := not_a_post(request):
        return refused
    try:
        editing.part_move(part=part, kind=kind, up=request.POST.get("direction") == "up")
    except ModelError as error:
        return _refused(request, model, error)
    return redirect(_editor_url(model, f"{kind}-{part.pk}", _area_of(kind, part)))


@organisation_view("maturity.edit_model")
@require_http_methods(["GET", "POST"])
def part_delete(request, organisation, pk, kind, item):
    """GET asks to confirm (saying what goes with it); POST deletes."""
    model = views.own_model_or_404(organisation, pk)
    part = _part(model, kind, item)
    if not _is_draft(model):
        return _refused(request, model, _("A published version cannot be changed."))
    if request.method == "POST":
        try:
            editing.part_delete(part=part, kind=kind)
        except ModelError as error:
            return _refused(request, model, error)
        messages.success(request, _("Deleted."))
        return redirect(_editor_url(model, f"{kind}s", _area_of(kind, part)))
    going = part.characteristics.count() if kind in ("level", "area") else 0
    return render(
        request,
        "maturity/editor/part_delete.html",
        {
            "organisation": organisation,
            "model": model,
            "kind": kind,
            "kind_name": editing.PARTS[kind]._meta.verbose_name,
            "part": part,
            "characteristics_going": going,
            "areas_left": part.areas.count() if kind == "dimension" else 0,
        },
    )
