"""The model editor (issue 21): build a draft in forms, preview it, publish it; a published
version is frozen and a change makes a new version."""

import copy

import pytest
from django.urls import reverse

from maturity import editing, services
from maturity.errors import ModelError
from maturity.interchange import ModelImportError, export_model, import_model
from maturity.models import Area, Characteristic, Dimension, Level, MaturityModel


def url(name, model, *args):
    return reverse(f"maturity:{name}", args=[model.organisation.slug, model.pk, *args])


@pytest.fixture
def draft(organisation):
    return editing.model_create(
        organisation=organisation,
        fields={
            "slug": "platform",
            "version": "1",
            "languages": "en",
            "name_en": "Platform",
            "description_en": "How platform teams work.",
        },
    )


@pytest.fixture
def own_published(organisation, mini_data):
    data = {**copy.deepcopy(mini_data), "slug": "acme-devops"}
    return import_model(data, organisation=organisation, status="published")


def build(draft):
    """A complete small model, English only, through the services."""
    levels = [
        editing.part_add(model=draft, kind="level", fields={"name_en": n, "title_en": n})
        for n in ("Ad hoc", "Managed", "Optimised")
    ]
    culture = editing.part_add(model=draft, kind="dimension", fields={"name_en": "Culture"})
    tooling = editing.part_add(model=draft, kind="dimension", fields={"name_en": "Tooling"})
    areas = [
        editing.part_add(model=draft, kind="area", fields={"name_en": n, "dimension": d})
        for n, d in (("Team work", culture), ("Builds", tooling), ("Alerts", tooling))
    ]
    for area in areas:
        for level in levels:
            editing.part_add(
                model=draft,
                kind="characteristic",
                fields={"area": area, "level": level, "text_en": f"{area.name_en} {level.number}"},
            )
    return levels, areas


# --- services ------------------------------------------------------------------------------


def test_a_draft_is_built_with_keys_made_from_names(draft):
    levels, areas = build(draft)
    assert [level.number for level in levels] == [0, 1, 2]
    assert [area.key for area in areas] == ["team-work", "builds", "alerts"]
    assert Characteristic.objects.get(model=draft, area=areas[1], level=levels[2]).key == (
        "builds.2.1"
    )
    services.model_publish(model=draft)
    draft.refresh_from_db()
    assert draft.status == "published"
    assert export_model(draft)["languages"] == ["en"]


def test_adding_the_same_thing_twice_makes_one(organisation, draft):
    fields = {"slug": "platform", "version": "1", "languages": "en", "name_en": "Platform"}
    with pytest.raises(ModelError, match="exists already"):
        editing.model_create(organisation=organisation, fields=fields)
    editing.part_add(model=draft, kind="dimension", fields={"name_en": "Culture"})
    with pytest.raises(ModelError, match="used already"):
        editing.part_add(model=draft, kind="dimension", fields={"name_en": "Culture"})
    editing.part_add(model=draft, kind="level", fields={"name_en": "Ad hoc"})
    with pytest.raises(ModelError, match="exists already"):
        editing.part_add(model=draft, kind="level", fields={"name_en": "Ad hoc"})
    assert draft.dimensions.count() == 1 and draft.levels.count() == 1


def test_moving_reorders_and_deleting_a_level_renumbers(draft):
    levels, areas = build(draft)
    editing.part_move(part=levels[2], kind="level", up=True)
    assert list(draft.levels.values_list("name_en", flat=True)) == [
        "Ad hoc",
        "Optimised",
        "Managed",
    ]
    editing.part_move(part=Area.objects.get(pk=areas[0].pk), kind="area", up=False)
    assert list(draft.areas.order_by("position").values_list("key", flat=True)) == [
        "builds",
        "team-work",
        "alerts",
    ]
    editing.part_delete(part=Level.objects.get(name_en="Ad hoc", model=draft), kind="level")
    assert list(draft.levels.values_list("number", "name_en")) == [
        (0, "Optimised"),
        (1, "Managed"),
    ]
    assert draft.characteristics.count() == 6  # those of the level went with it


def test_a_dimension_with_areas_is_not_deleted(draft):
    build(draft)
    culture = draft.dimensions.get(key="culture")
    with pytest.raises(ModelError, match="still has areas"):
        editing.part_delete(part=culture, kind="dimension")
    assert Dimension.objects.filter(pk=culture.pk).exists()


def test_every_edit_moves_revised_at(draft):
    levels, _areas = build(draft)
    seen = [MaturityModel.objects.get(pk=draft.pk).revised_at]
    for change in (
        lambda: editing.part_change(part=levels[0], kind="level", fields={"name_en": "Start"}),
        lambda: editing.part_move(part=levels[1], kind="level", up=True),
        lambda: editing.part_delete(part=draft.characteristics.first(), kind="characteristic"),
    ):
        change()
        seen.append(MaturityModel.objects.get(pk=draft.pk).revised_at)
    assert seen == sorted(seen) and len(set(seen)) == len(seen)


def test_publishing_validates_like_an_import(draft):
    editing.part_add(model=draft, kind="level", fields={"name_en": "Ad hoc"})  # no title
    with pytest.raises(ModelImportError) as refused:
        services.model_publish(model=draft)
    paths = [path for path, _message in refused.value.errors]
    assert "$.levels[0].title.en" in paths and "$.dimensions" in paths and "$.areas" in paths
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_published_version_is_frozen(own_published):
    level = own_published.levels.first()
    before = export_model(own_published)
    refusals = [
        lambda: editing.part_add(model=own_published, kind="level", fields={"name_en": "X"}),
        lambda: editing.part_change(part=level, kind="level", fields={"name_en": "X"}),
        lambda: editing.part_move(part=level, kind="level", up=False),
        lambda: editing.part_delete(part=level, kind="level"),
        lambda: editing.model_change(
            model=own_published, fields={"slug": "acme-devops", "version": "1", "name_en": "X"}
        ),
    ]
    for refusal in refusals:
        with pytest.raises(ModelError, match="cannot be changed"):
            refusal()
    assert export_model(own_published) == before


def test_a_new_version_copies_everything(own_published):
    assert editing.next_version(own_published) == "2"
    copy_ = editing.model_new_version(model=own_published, version="2")
    assert copy_.status == "draft" and copy_.organisation == own_published.organisation
    assert {**export_model(own_published), "version": "2"} == export_model(copy_)
    with pytest.raises(ModelError, match="exists already"):
        editing.model_new_version(model=own_published, version="2")
    assert editing.next_version(own_published) == "3"


# --- views ---------------------------------------------------------------------------------


def test_an_admin_creates_a_draft_in_the_browser(client_for, admin, organisation):
    client = client_for(admin)
    page = client.get(reverse("maturity:settings", args=[organisation.slug]))
    assert reverse("maturity:editor_create", args=[organisation.slug]) in page.content.decode()
    data = {"slug": "sec", "version": "1", "languages": "en", "name_en": "Security"}
    data["description_en"] = "Secure software"
    response = client.post(reverse("maturity:editor_create", args=[organisation.slug]), data)
    model = MaturityModel.objects.get(organisation=organisation, slug="sec")
    assert response.status_code == 302 and response["Location"] == url("editor", model)
    again = client.post(reverse("maturity:editor_create", args=[organisation.slug]), data)
    assert again.status_code == 400 and "exists already" in again.content.decode()
    assert MaturityModel.objects.filter(slug="sec").count() == 1


def test_english_only_needs_no_german_name(client_for, admin, organisation):
    data = {"slug": "sec", "version": "1", "languages": "de,en", "name_en": "Security"}
    data["description_en"] = "Secure software"
    response = client_for(admin).post(
        reverse("maturity:editor_create", args=[organisation.slug]), data
    )
    assert response.status_code == 400  # both languages declared: German is required
    data["languages"] = "en"
    response = client_for(admin).post(
        reverse("maturity:editor_create", args=[organisation.slug]), data
    )
    assert response.status_code == 302


def test_each_kind_is_added_edited_moved_and_deleted_in_forms(client_for, admin, draft):
    client = client_for(admin)
    level = {"name_en": "Ad hoc", "title_en": "Ad hoc"}
    assert client.post(url("editor_add", draft, "level"), level).status_code == 302
    client.post(url("editor_add", draft, "level"), {"name_en": "Managed", "title_en": "M"})
    client.post(url("editor_add", draft, "dimension"), {"name_en": "Culture", "key": ""})
    dimension = draft.dimensions.get()
    area_fields = {"name_en": "Team work", "dimension": dimension.pk}
    client.post(url("editor_add", draft, "area"), area_fields)
    area = draft.areas.get()
    first = draft.levels.get(number=0)
    response = client.post(
        url("editor_add", draft, "characteristic"),
        {"area": area.pk, "level": first.pk, "text_en": "People talk"},
    )
    assert response.status_code == 302
    characteristic = draft.characteristics.get()
    assert characteristic.key == "team-work.0.1"

    response = client.post(
        url("editor_part", draft, "area", area.pk),
        {"name_en": "Teamwork", "key": "teamwork", "dimension": dimension.pk},
    )
    assert response.status_code == 302
    assert Area.objects.get(pk=area.pk).key == "teamwork"
    client.post(url("editor_move", draft, "level", first.pk), {"direction": "down"})
    assert Level.objects.get(pk=first.pk).number == 1
    assert client.get(url("editor_delete", draft, "dimension", dimension.pk)).status_code == 200
    response = client.post(url("editor_delete", draft, "dimension", dimension.pk), follow=True)
    assert "still has areas" in response.content.decode()
    assert client.post(url("editor_delete", draft, "area", area.pk)).status_code == 302
    assert not Characteristic.objects.filter(pk=characteristic.pk).exists()
    assert client.post(url("editor_delete", draft, "dimension", dimension.pk)).status_code == 302
    assert not draft.dimensions.exists()


def test_publish_shows_problems_in_words_then_publishes(client_for, admin, draft):
    client = client_for(admin)
    client.post(url("editor_add", draft, "level"), {"name_en": "Ad hoc", "title_en": "Ad hoc"})
    response = client.post(url("editor_publish", draft))
    body = response.content.decode()
    assert response.status_code == 400
    assert "The dimensions: must not be empty" in body
    draft.refresh_from_db()
    assert draft.status == "draft"
    build_rest = editing.part_add(model=draft, kind="dimension", fields={"name_en": "Culture"})
    area = editing.part_add(
        model=draft, kind="area", fields={"name_en": "Team work", "dimension": build_rest}
    )
    editing.part_add(
        model=draft,
        kind="characteristic",
        fields={"area": area, "level": draft.levels.get(), "text_en": "People talk"},
    )
    response = client.post(url("editor_publish", draft))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published"


def test_problem_names_the_part(client_for, admin, draft):
    levels, _areas = build(draft)
    Area.objects.filter(model=draft, key="builds").update(name_en="")
    response = client_for(admin).post(url("editor_publish", draft))
    assert "Area 2 “”: name (English): must not be empty" in response.content.decode()


def test_the_settings_publish_button_validates_too(client_for, admin, draft):
    response = client_for(admin).post(url("publish", draft), follow=True)
    assert "$.levels: must not be empty" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_frozen_version_refuses_every_write_and_offers_a_new_version(
    client_for, admin, own_published
):
    client = client_for(admin)
    before = export_model(own_published)
    revised = own_published.revised_at
    level = own_published.levels.first()
    page = client.get(url("editor", own_published))
    assert page.status_code == 200 and "Make a new version" in page.content.decode()
    client.post(url("editor", own_published), {"slug": "x", "version": "9", "languages": "en"})
    client.post(url("editor_add", own_published, "level"), {"name_en": "X", "title_en": "X"})
    client.post(url("editor_part", own_published, "level", level.pk), {"name_en": "X"})
    client.post(url("editor_move", own_published, "level", level.pk), {"direction": "down"})
    client.post(url("editor_delete", own_published, "level", level.pk))
    own_published.refresh_from_db()
    assert export_model(own_published) == before and own_published.revised_at == revised

    response = client.post(url("editor_new_version", own_published), {"version": "2"})
    copy_ = MaturityModel.objects.get(slug="acme-devops", version="2")
    assert response["Location"] == url("editor", copy_)


def test_the_preview_shows_the_table(client_for, admin, draft):
    build(draft)
    response = client_for(admin).get(url("editor_preview", draft))
    assert response.status_code == 200
    assert "Builds 2" in response.content.decode()


def test_shipped_and_foreign_models_are_404(client_for, admin, outsider, draft, mini_model):
    client = client_for(admin)
    org = draft.organisation.slug
    assert client.get(reverse("maturity:editor", args=[org, mini_model.pk])).status_code == 404
    add = reverse("maturity:editor_add", args=[org, mini_model.pk, "level"])
    assert client.post(add, {"name_en": "X"}).status_code == 404
    client = client_for(outsider)
    assert client.get(url("editor", draft)).status_code == 404
    assert client.get(reverse("maturity:editor", args=["globex", draft.pk])).status_code == 404
    # A part of another model, addressed through this draft, is not found either.
    level = mini_model.levels.first()
    client = client_for(admin)
    assert client.get(url("editor_part", draft, "level", level.pk)).status_code == 404


@pytest.mark.parametrize("role", ["manager", "member"])
def test_managers_and_members_may_not_edit(client_for, request, role, draft):
    client = client_for(request.getfixturevalue(role))
    assert client.get(url("editor", draft)).status_code == 403
    response = client.post(url("editor_add", draft, "level"), {"name_en": "X", "title_en": "X"})
    assert response.status_code == 403
    assert not draft.levels.exists()


def test_the_editor_page_reads_a_large_model_in_few_queries(
    client_for, admin, draft, django_assert_max_num_queries
):
    levels, _areas = build(draft)
    tooling = draft.dimensions.get(key="tooling")
    for number in range(7):
        area = editing.part_add(
            model=draft, kind="area", fields={"name_en": f"Area {number}", "dimension": tooling}
        )
        for level in levels:
            editing.part_add(
                model=draft,
                kind="characteristic",
                fields={"area": area, "level": level, "text_en": f"Text {number} {level.number}"},
            )
    assert draft.areas.count() == 10
    client = client_for(admin)
    with django_assert_max_num_queries(12):
        response = client.get(url("editor", draft))
    page = response.content.decode()
    # The first area's characteristics; every area is a link with its count.
    first = draft.areas.order_by("position").first()
    assert response.status_code == 200 and "Text 6 2" not in page
    assert page.count("#characteristics") >= 10 and f'?area={area.pk}#characteristics"' in page
    assert all(c.text in page for c in first.characteristics.all())
    with django_assert_max_num_queries(12):
        response = client.get(url("editor", draft) + f"?area={area.pk}")
    page = response.content.decode()
    assert "Text 6 2" in page
    assert f'aria-current="page" href="?area={area.pk}#characteristics"' in page


@pytest.mark.parametrize("area", ["x", "²", "9" * 40, "-1", ""])
def test_an_area_that_is_not_the_models_shows_the_first(client_for, admin, draft, area):
    build(draft)
    response = client_for(admin).get(url("editor", draft) + f"?area={area}")
    assert response.status_code == 200


def test_a_characteristic_added_leads_back_to_its_area(client_for, admin, draft):
    levels, areas = build(draft)
    last = areas[-1]
    response = client_for(admin).post(
        url("editor_add", draft, "characteristic"),
        {"area": last.pk, "level": levels[0].pk, "text_en": "Written down"},
    )
    assert response.status_code == 302
    assert f"?area={last.pk}#characteristic-" in response["Location"]
