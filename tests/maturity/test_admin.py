"""The Django admin changes no published model version (nor its parts): as in the app."""

import copy

import pytest
from django.urls import reverse

from maturity.interchange import import_model
from maturity.models import Area, Characteristic, Level, MaturityModel
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


def draft(mini_data):
    data = copy.deepcopy(mini_data)
    data["slug"] = "devops-draft"
    return import_model(data)


def url(name, obj):
    return reverse(f"admin:maturity_{obj._meta.model_name}_{name}", args=[obj.pk])


def test_a_published_version_is_shown_read_only(admin_client, mini_model):
    response = admin_client.get(url("change", mini_model))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert response.context["has_delete_permission"] is False
    for inline in response.context["inline_admin_formsets"]:
        assert not inline.has_add_permission and not inline.has_change_permission, inline
        assert not inline.has_delete_permission, inline


def test_a_post_to_a_published_version_is_refused_and_changes_nothing(admin_client, mini_model):
    page = admin_client.get(url("change", mini_model))
    data = change_form_data(page, name_en="Changed in the admin", status="draft")

    response = admin_client.post(url("change", mini_model), data)

    assert response.status_code == 403
    mini_model.refresh_from_db()
    assert mini_model.name_en != "Changed in the admin"
    assert mini_model.status == MaturityModel.Status.PUBLISHED


def test_a_published_version_cannot_be_deleted(admin_client, mini_model):
    assert admin_client.get(url("delete", mini_model)).status_code == 403
    assert admin_client.post(url("delete", mini_model), {"post": "yes"}).status_code == 403
    changelist = reverse("admin:maturity_maturitymodel_changelist")
    admin_client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [mini_model.pk], "post": "yes"},
    )
    assert MaturityModel.objects.filter(pk=mini_model.pk).exists()


@pytest.mark.parametrize("part", [Characteristic, Level, Area])
def test_the_parts_of_a_published_version_are_read_only(admin_client, mini_model, part):
    obj = part.objects.filter(model=mini_model).first()
    page = admin_client.get(url("change", obj))
    assert page.status_code == 200 and page.context["has_change_permission"] is False

    field = "text_en" if part is Characteristic else "name_en"
    response = admin_client.post(url("change", obj), change_form_data(page, **{field: "Changed"}))

    assert response.status_code == 403
    obj.refresh_from_db()
    assert getattr(obj, field) != "Changed"
    assert admin_client.post(url("delete", obj), {"post": "yes"}).status_code == 403
    assert part.objects.filter(pk=obj.pk).exists()


def test_a_new_part_can_only_join_a_draft(admin_client, mini_model, mini_data):
    own = draft(mini_data)
    page = admin_client.get(reverse("admin:maturity_level_add"))

    choices = {
        str(value) for value, _label in page.context["adminform"].form.fields["model"].choices
    }
    assert str(own.pk) in choices and str(mini_model.pk) not in choices


def test_a_draft_stays_editable(admin_client, mini_data):
    own = draft(mini_data)
    page = admin_client.get(url("change", own))
    assert page.context["has_change_permission"] is True

    response = admin_client.post(url("change", own), change_form_data(page, name_en="Renamed"))

    assert response.status_code == 302, response.context and response.context["errors"]
    own.refresh_from_db()
    assert own.name_en == "Renamed"

    level = own.levels.first()
    page = admin_client.get(url("change", level))
    response = admin_client.post(url("change", level), change_form_data(page, name_en="Level!"))
    assert response.status_code == 302
    level.refresh_from_db()
    assert level.name_en == "Level!"

    assert admin_client.post(url("delete", own), {"post": "yes"}).status_code == 302
    assert not MaturityModel.objects.filter(pk=own.pk).exists()
