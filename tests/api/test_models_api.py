"""GET models/ and models/<id>/: the organisation's maturity models in both languages."""

import copy

from maturity.interchange import import_model
from maturity.models import MaturityModel

BASE = "/api/v1/organisations/acme/"


def test_the_list_has_the_models_in_use_and_the_organisations_own(
    reader, organisation, other_organisation, model_in_use, mini_data
):
    own = import_model(
        {**copy.deepcopy(mini_data), "slug": "acme-devops"}, organisation=organisation
    )
    import_model(
        {**copy.deepcopy(mini_data), "slug": "globex-only"}, organisation=other_organisation
    )
    import_model(copy.deepcopy(mini_data), status=MaturityModel.Status.PUBLISHED)  # not in use

    rows = reader.get(BASE + "models/").json()["results"]

    assert [(row["slug"], row["status"], row["own"]) for row in rows] == [
        ("acme-devops", "draft", True),
        ("mlops", "published", False),
    ]
    assert rows[1]["id"] == model_in_use.pk and rows[1]["version"] == "1"
    assert set(rows[0]["name"]) == {"de", "en"} and rows[0]["name"]["en"] == own.name_en


def test_a_model_has_every_part_in_german_and_english(
    reader, model_in_use, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = reader.get(BASE + f"models/{model_in_use.pk}/")

    assert response.status_code == 200, response.content
    body = response.json()
    assert [level["number"] for level in body["levels"]] == [0, 1, 2, 3, 4]
    assert [d["key"] for d in body["dimensions"]] == ["people", "process", "technology"]
    assert [a["key"] for a in body["areas"]][:2] == ["people", "model-creation"]
    assert body["areas"][1]["dimension"] == "process"
    assert len(body["characteristics"]) == model_in_use.characteristics.count()
    first = body["characteristics"][0]
    assert first["area"] == "people" and first["level"] == 0 and first["key"]
    texts = [
        body["name"],
        body["description"],
        *(level[part] for level in body["levels"] for part in ("name", "title", "description")),
        *(item for level in body["levels"] for item in level["highlights"]),
        *(d["name"] for d in body["dimensions"]),
        *(a["name"] for a in body["areas"]),
        *(c["text"] for c in body["characteristics"]),
    ]
    assert all(set(text) == {"de", "en"} for text in texts)
    assert all(c["text"]["de"] and c["text"]["en"] for c in body["characteristics"])
    assert body["levels"][4]["name"]["de"] == "Automatisierte Vorgänge mit vollständigen MLOps"


def test_a_model_the_organisation_cannot_use_is_a_404(reader, mlops, other_organisation, mini_data):
    foreign = import_model(
        {**copy.deepcopy(mini_data), "slug": "globex-only"},
        organisation=other_organisation,
        status=MaturityModel.Status.PUBLISHED,
    )
    for model in (mlops, foreign):  # mlops: shipped but not in use
        response = reader.get(BASE + f"models/{model.pk}/")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
    assert reader.get(BASE + "models/999999/").status_code == 404


def test_a_member_reads_the_models_through_the_session(client_for, member, model_in_use):
    response = client_for(member).get(BASE + f"models/{model_in_use.pk}/")

    assert response.status_code == 200
    assert response.json()["slug"] == "mlops"


def test_a_version_taken_out_of_use_stays_readable_for_its_assessments(
    reader, organisation, assessment
):
    organisation.models_in_use.clear()

    response = reader.get(BASE + f"models/{assessment.model_id}/")

    assert response.status_code == 200
    assert [row["id"] for row in reader.get(BASE + "models/").json()["results"]] == [
        assessment.model_id
    ]
