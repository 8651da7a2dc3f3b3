"""Each organisation's models have their own names; shipped ones have theirs (issue 14).

A slug and version are unique within one organisation, and among the shipped (global) models;
an upload compares only with the uploader's own models, `load_models` only with shipped ones.
"""

import copy
import json
import shutil

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments import selectors
from maturity import services
from maturity.interchange import ModelImportError, import_model
from maturity.management.commands import load_models
from maturity.models import MaturityModel
from tests.conftest import SEED_FIXTURE
from tests.factories import UserFactory
from tests.maturity.test_views import upload

SECRET_NAME = "Globex secret reorganisation"


@pytest.fixture
def globex_draft(other_organisation, mini_data):
    data = copy.deepcopy(mini_data) | {"slug": "x"}
    data["name"] = {"de": SECRET_NAME, "en": SECRET_NAME}
    return import_model(data, organisation=other_organisation)


@pytest.mark.django_db
def test_a_key_another_organisation_has_as_a_draft_can_be_uploaded_and_its_name_stays_hidden(
    client_for, admin, organisation, globex_draft, mini_data
):
    client = client_for(admin)

    response = upload(client, organisation, json.dumps(mini_data | {"slug": "x"}))

    assert response.status_code == 302
    own = MaturityModel.objects.get(organisation=organisation)
    assert (own.slug, own.version) == ("x", "1")
    page = client.get(response["Location"]).content.decode()
    assert SECRET_NAME not in page
    assert MaturityModel.objects.filter(slug="x", version="1").count() == 2


@pytest.mark.django_db
def test_a_second_upload_of_the_same_version_is_refused_within_the_organisation(
    organisation, globex_draft, mini_data
):
    raw = json.dumps(mini_data | {"slug": "x"}).encode()
    services.model_upload(organisation=organisation, raw=raw)

    with pytest.raises(ModelImportError) as refused:
        services.model_upload(organisation=organisation, raw=raw)

    assert refused.value.errors == [("$.version", "version 1 of “x” exists already")]
    assert SECRET_NAME not in str(refused.value)


@pytest.mark.django_db
def test_an_organisation_may_use_the_key_of_a_shipped_model(organisation, mlops, seed_data):
    seed_data["name"]["en"] = "Our own MLOps model"

    own = services.model_upload(organisation=organisation, raw=json.dumps(seed_data).encode())

    assert (own.slug, own.version, own.organisation) == ("mlops", "1", organisation)
    assert MaturityModel.objects.get(slug="mlops", organisation=None).name_en != own.name_en


@pytest.mark.django_db
def test_load_models_ships_a_version_an_organisation_took_first(
    organisation, seed_data, tmp_path, monkeypatch
):
    second = seed_data | {"version": "2", "name": {"de": "Unseres", "en": "Ours"}}
    own = services.model_upload(organisation=organisation, raw=json.dumps(second).encode())
    services.model_publish(model=own)
    shutil.copy(SEED_FIXTURE, tmp_path / "mlops-1.json")
    (tmp_path / "mlops-2.json").write_text(json.dumps(seed_data | {"version": "2"}))
    monkeypatch.setattr(load_models, "FIXTURES", tmp_path)

    call_command("load_models", verbosity=0)
    call_command("load_models", verbosity=0)  # and again: nothing changes

    shipped = MaturityModel.objects.get(slug="mlops", version="2", organisation=None)
    assert shipped.status == "published" and shipped.name_en == seed_data["name"]["en"]
    own.refresh_from_db()
    assert own.name_en == "Ours" and own.organisation == organisation
    assert MaturityModel.objects.filter(slug="mlops").count() == 3


@pytest.fixture
def own_mlops(organisation, mlops, seed_data):
    seed_data["name"]["en"] = "Acme's MLOps"
    own = import_model(seed_data, organisation=organisation, status="published")
    organisation.models_in_use.add(own)
    return own


@pytest.mark.django_db
def test_the_model_pages_tell_a_shipped_model_from_an_own_one_of_the_same_key(
    client_for, member, organisation, mlops, own_mlops
):
    client = client_for(member)

    shipped = client.get(reverse("maturity:detail", args=["mlops", "1"]))
    own = client.get(reverse("maturity:own_detail", args=[organisation.slug, "mlops", "1"]))

    assert shipped.context["model"] == mlops
    assert own.context["model"] == own_mlops
    listed = client.get(reverse("maturity:list")).content.decode()
    assert reverse("maturity:own_detail", args=[organisation.slug, "mlops", "1"]) in listed
    assert reverse("maturity:detail", args=["mlops", "1"]) in listed


@pytest.mark.django_db
def test_an_own_models_old_address_leads_to_its_page_and_is_a_404_for_others(
    client_for, member, outsider, organisation, mini_data
):
    import_model(mini_data | {"slug": "acme-only"}, organisation=organisation)
    old = reverse("maturity:detail", args=["acme-only", "1"])

    response = client_for(member).get(old)

    own = reverse("maturity:own_detail", args=[organisation.slug, "acme-only", "1"])
    assert (response.status_code, response["Location"]) == (302, own)
    assert client_for(outsider).get(old).status_code == 404
    assert client_for(outsider).get(own).status_code == 404
    assert client_for(UserFactory()).get(own).status_code == 404


@pytest.mark.django_db
def test_another_organisations_model_of_the_same_key_is_never_picked(
    client_for, outsider, other_organisation, organisation, own_mlops, seed_data
):
    """Globex has its own mlops 1 too; Acme's stays Acme's on every way to it."""
    seed_data["name"]["en"] = "Globex's MLOps"
    globex = import_model(seed_data, organisation=other_organisation, status="published")
    other_organisation.models_in_use.add(own_mlops)  # as a bad admin edit could

    client = client_for(outsider)
    page = client.get(reverse("maturity:own_detail", args=["globex", "mlops", "1"]))

    assert page.context["model"] == globex
    assert list(selectors.models_for(other_organisation)) == []
    assert list(selectors.models_for(organisation)) == [own_mlops]


@pytest.mark.django_db
def test_export_model_exports_the_shipped_version_unless_told_an_organisation(
    organisation, mlops, own_mlops, capsys
):
    call_command("export_model", "mlops")
    shipped = json.loads(capsys.readouterr().out)
    call_command("export_model", "mlops", "--organisation", organisation.slug)
    own = json.loads(capsys.readouterr().out)

    assert shipped["name"]["en"] != "Acme's MLOps"
    assert own["name"]["en"] == "Acme's MLOps"
