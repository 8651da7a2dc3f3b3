import copy
import io
import json

import pytest
from django.urls import reverse

from maturity.interchange import export_model, import_model
from maturity.models import MaturityModel
from tests.factories import UserFactory


def detail_url(model):
    return model.get_absolute_url()


@pytest.fixture
def own_model(organisation, mini_data):
    """A draft model that belongs to the organisation `acme`."""
    data = copy.deepcopy(mini_data)
    data["slug"] = "acme-devops"
    return import_model(data, organisation=organisation)


@pytest.mark.django_db
def test_model_page_shows_the_seed_tables_in_german_and_english(client_for, mlops):
    client = client_for(UserFactory())

    german = client.get(detail_url(mlops), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    english = client.get(detail_url(mlops), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    for text in (
        "Modellerstellung",
        "Automatisiertes erneutes Training mit vollständigen MLOps",
        "Manuelles Sammeln von Daten",
        "Annäherung an ein System ohne Ausfallzeiten",
    ):
        assert text in german
        assert text not in english
    for text in ("Model creation", "Full MLOps Automated Retraining", "Manual data gathering"):
        assert text in english
        assert text not in german


@pytest.mark.django_db
def test_model_page_has_a_row_per_level_and_a_column_per_area(
    client_for, mlops, django_assert_max_num_queries
):
    client = client_for(UserFactory())

    with django_assert_max_num_queries(12):
        response = client.get(detail_url(mlops))

    rows = response.context["rows"]
    assert [level.number for level, _cells in rows] == [0, 1, 2, 3, 4]
    assert all(len(cells) == 5 for _level, cells in rows)
    assert sum(len(cell) for _level, cells in rows for cell in cells) == 82


@pytest.mark.django_db
def test_model_list_shows_global_models_and_own_ones(client_for, member, mlops, own_model):
    response = client_for(member).get(reverse("maturity:list"))

    slugs = [slug for slug, _versions in response.context["groups"]]
    assert slugs == ["acme-devops", "mlops", "platform"]


@pytest.mark.django_db
def test_an_organisations_own_model_is_invisible_to_others(client_for, outsider, mlops, own_model):
    client = client_for(outsider)

    listed = [slug for slug, _ in client.get(reverse("maturity:list")).context["groups"]]
    assert listed == ["mlops", "platform"]  # the shipped models only
    assert client.get(detail_url(own_model)).status_code == 404


@pytest.mark.django_db
def test_models_need_a_login(client, mlops):
    response = client.get(detail_url(mlops))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_unknown_version_is_404(client_for, mlops):
    assert client_for(UserFactory()).get("/models/mlops/9/").status_code == 404
    # PostgreSQL cannot compare a text with NUL: a 404 too, not a server error.
    assert client_for(UserFactory()).get("/models/mlops/1%00/").status_code == 404


def upload(client, organisation, content, name="model.json"):
    file = io.BytesIO(content if isinstance(content, bytes) else content.encode())
    file.name = name
    return client.post(reverse("maturity:upload", args=[organisation.slug]), {"file": file})


@pytest.mark.django_db
def test_admin_uploads_a_model_as_a_draft_and_publishes_it(
    client_for, admin, organisation, mini_data
):
    client = client_for(admin)

    response = upload(client, organisation, json.dumps(mini_data))

    assert response.status_code == 302
    model = MaturityModel.objects.get()
    assert (model.organisation, model.status) == (organisation, "draft")
    client.post(reverse("maturity:publish", args=[organisation.slug, model.pk]))
    model.refresh_from_db()
    assert model.status == "published"


@pytest.mark.django_db
def test_invalid_upload_lists_errors_by_path_and_stores_nothing(
    client_for, admin, organisation, mini_data
):
    del mini_data["levels"][2]["name"]["en"]
    mini_data["characteristics"][0]["area"] = "security"

    response = upload(client_for(admin), organisation, json.dumps(mini_data))

    assert response.status_code == 400
    page = response.content.decode()
    assert "<code>$.levels[2].name.en</code>: missing language" in page
    assert "<code>$.characteristics[0].area</code>" in page
    assert not MaturityModel.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content", [b"{not json", b"\xff\xfe binary", b"", b"[" * 100_000, b'{"a":' * 50_000]
)
def test_malformed_upload_is_refused_with_a_message(client_for, admin, organisation, content):
    response = upload(client_for(admin), organisation, content)

    assert response.status_code == 400
    assert not MaturityModel.objects.exists()


@pytest.mark.django_db
def test_oversized_upload_is_refused(client_for, admin, organisation):
    response = upload(client_for(admin), organisation, b" " * (1024 * 1024 + 1))

    assert response.status_code == 400
    assert "larger than 1 MB" in response.content.decode()


@pytest.mark.django_db
def test_admin_chooses_the_models_in_use(client_for, admin, organisation, mlops, own_model):
    client = client_for(admin)
    url = reverse("maturity:settings", args=[organisation.slug])

    client.post(url, {"models": [mlops.pk]})
    assert list(organisation.models_in_use.all()) == [mlops]

    # A draft cannot be chosen, nor another organisation's model.
    response = client.post(url, {"models": [own_model.pk]})
    assert "models" in response.context["in_use_form"].errors
    assert list(organisation.models_in_use.all()) == [mlops]

    # Nor an id beyond 64 bits, which SQLite cannot even look up.
    response = client.post(url, {"models": [mlops.pk, 2**64]})
    assert "models" in response.context["in_use_form"].errors
    assert list(organisation.models_in_use.all()) == [mlops]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["manager", "member", "viewer"])
def test_only_admins_manage_models(client_for, organisation, own_model, mini_data, role, request):
    client = client_for(request.getfixturevalue(role))

    assert client.get(reverse("maturity:settings", args=[organisation.slug])).status_code == 403
    assert upload(client, organisation, json.dumps(mini_data)).status_code == 403
    publish = reverse("maturity:publish", args=[organisation.slug, own_model.pk])
    assert client.post(publish).status_code == 403
    own_model.refresh_from_db()
    assert own_model.status == "draft"


@pytest.mark.django_db
def test_another_organisations_draft_cannot_be_published_or_deleted(
    client_for, outsider, other_organisation, own_model
):
    client = client_for(outsider)
    for action in ("maturity:publish", "maturity:delete"):
        url = reverse(action, args=[other_organisation.slug, own_model.pk])
        assert client.post(url).status_code == 404
    own_model.refresh_from_db()
    assert own_model.status == "draft"


@pytest.mark.django_db
def test_draft_can_be_deleted_but_a_published_model_cannot(
    client_for, admin, organisation, own_model
):
    client = client_for(admin)
    published = import_model(
        {**export_model(own_model), "version": "2"},
        organisation=organisation,
        status=MaturityModel.Status.PUBLISHED,
    )

    client.post(reverse("maturity:delete", args=[organisation.slug, published.pk]))
    client.post(reverse("maturity:delete", args=[organisation.slug, own_model.pk]))

    assert list(MaturityModel.objects.values_list("version", flat=True)) == ["2"]


def test_model_texts_become_paragraphs_and_lists_with_html_escaped():
    from maturity.templatetags.maturity_text import paragraphs

    html = paragraphs("First <b>line</b>\nsame paragraph.\n\nUse it to:\n- estimate\n- plan")

    assert html == (
        "<p>First &lt;b&gt;line&lt;/b&gt; same paragraph.</p>"
        "<p>Use it to:</p><ul><li>estimate</li><li>plan</li></ul>"
    )


@pytest.mark.django_db
def test_own_published_model_can_be_retired_and_is_then_no_longer_in_use(
    client_for, admin, organisation, own_model
):
    client = client_for(admin)
    client.post(reverse("maturity:publish", args=[organisation.slug, own_model.pk]))
    client.post(reverse("maturity:settings", args=[organisation.slug]), {"models": [own_model.pk]})
    assert list(organisation.models_in_use.all()) == [own_model]

    client.post(reverse("maturity:retire", args=[organisation.slug, own_model.pk]))

    own_model.refresh_from_db()
    assert own_model.status == "retired"
    assert not organisation.models_in_use.exists()
    # Still readable: old results keep their meaning.
    assert client.get(detail_url(own_model)).status_code == 200
