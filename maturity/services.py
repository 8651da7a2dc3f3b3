"""Writes of organisations on their maturity models: choosing, importing, publishing."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from maturity.errors import ModelError
from maturity.interchange import ModelImportError, export_model, import_model, parse
from maturity.models import MaturityModel
from maturity.spreadsheet import import_workbook, is_workbook
from maturity.validation import validate

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accounts.models import Organisation


def models_available_to(organisation: Organisation) -> QuerySet[MaturityModel]:
    """Published models this organisation may choose: global ones and its own."""
    return MaturityModel.objects.filter(status=MaturityModel.Status.PUBLISHED).filter(
        organisation__isnull=True
    ) | MaturityModel.objects.filter(
        status=MaturityModel.Status.PUBLISHED, organisation=organisation
    )


@transaction.atomic
def models_in_use_set(*, organisation: Organisation, models: Collection[MaturityModel]) -> None:
    allowed = set(models_available_to(organisation).values_list("pk", flat=True))
    if any(model.pk not in allowed for model in models):
        raise ModelError(_("Only published models can be used."))
    organisation.models_in_use.set(models)


def models_in_use_default(*, organisation: Organisation) -> MaturityModel | None:
    """A new organisation uses the only published model, when there is exactly one; with
    none or several it chooses at sign-up's next step. Returns the model chosen, if any."""
    available = list(models_available_to(organisation)[:2])
    if len(available) != 1:
        return None
    organisation.models_in_use.add(available[0])
    return available[0]


def model_upload(*, organisation: Organisation, raw: bytes | str) -> MaturityModel:
    """Import an uploaded file (JSON, or an XLSX workbook) as a draft of the organisation;
    ModelImportError lists the problems by JSON path, or by sheet, row and column."""
    if isinstance(raw, bytes) and is_workbook(raw):
        return import_workbook(raw, organisation=organisation)
    return import_model(parse(raw), organisation=organisation)


@transaction.atomic
def model_publish(*, model: MaturityModel) -> MaturityModel:
    """Publish a draft that passes exactly the checks of an import (a draft built in the
    editor may be incomplete); ModelImportError lists every problem."""
    locked = MaturityModel.objects.select_for_update().get(pk=model.pk)
    if locked.status != MaturityModel.Status.DRAFT:
        raise ModelError(_("Only a draft can be published."))
    if errors := validate(export_model(model)):
        raise ModelImportError(errors)
    model.status = MaturityModel.Status.PUBLISHED
    model.save(update_fields=["status"])
    return model


@transaction.atomic
def model_delete_draft(*, model: MaturityModel) -> None:
    if model.status != MaturityModel.Status.DRAFT:
        raise ModelError(_("Only a draft can be deleted; retire a published version instead."))
    model.delete()


@transaction.atomic
def model_retire(*, model: MaturityModel) -> MaturityModel:
    """A retired version stays readable (old results keep their meaning) but is no longer used."""
    if model.status != MaturityModel.Status.PUBLISHED:
        raise ModelError(_("Only a published version can be retired."))
    model.status = MaturityModel.Status.RETIRED
    model.save(update_fields=["status"])
    model.used_by.clear()
    return model
