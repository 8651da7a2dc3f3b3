"""Moving an organisation keeps its models' names its own (issue 14): another organisation's
model of the same slug and version is no obstacle, and an own version of a shipped model's
slug and version stays apart from the shipped one."""

import json
from datetime import date

import pytest

from assessments import services
from assessments.models import Assessment
from maturity import services as maturity_services
from maturity.models import MaturityModel
from tests.transfer.world import everything_counted, wipe
from transfer.document import BackupError, dumps
from transfer.exporting import organisation_export
from transfer.importing import organisation_import


def test_another_organisations_model_of_the_same_version_is_no_obstacle(
    rich, other_organisation, mini_data
):
    document = organisation_export(rich)
    wipe(document)
    globex = maturity_services.model_upload(
        organisation=other_organisation,
        raw=json.dumps(mini_data | {"slug": "acme-devops"}).encode(),
    )

    result = organisation_import(document)

    assert ("acme-devops", "1") in result.created_models
    acme = MaturityModel.objects.get(
        organisation=result.organisation, slug="acme-devops", version="1"
    )
    devops = Assessment.objects.get(
        team__organisation=result.organisation, team__slug="forecasting", label="2026 Q3"
    )
    assert devops.model == acme
    assert MaturityModel.objects.get(pk=globex.pk).organisation == other_organisation
    assert organisation_export(result.organisation) == document


@pytest.fixture
def both_mlops(rich, mlops, seed_data, manager, other_team):
    """Acme's own mlops 1 beside the shipped one, both in use, an assessment on each."""
    seed_data["name"]["en"] = "Acme's MLOps"
    own = maturity_services.model_upload(organisation=rich, raw=json.dumps(seed_data).encode())
    maturity_services.model_publish(model=own)
    rich.models_in_use.add(own)
    services.assessment_start(
        team=other_team, model=own, label="Own", date=date(2026, 12, 1), by=manager
    )
    return own


def test_an_own_version_of_a_shipped_slug_and_version_moves_apart_from_it(rich, mlops, both_mlops):
    document = json.loads(dumps(organisation_export(rich)))
    references = {a["label"]: a["model"] for a in document["assessments"]}
    assert references["Own"] == ["mlops", "1", "own"]
    assert references["2026 Q2"] == ["mlops", "1"]
    wipe(document)

    result = organisation_import(document)

    by_label = {
        a.label: a.model for a in Assessment.objects.filter(team__organisation=result.organisation)
    }
    assert by_label["2026 Q2"] == mlops
    assert by_label["Own"].organisation == result.organisation
    assert by_label["Own"].name_en == "Acme's MLOps"
    assert set(result.organisation.models_in_use.all()) >= {mlops, by_label["Own"]}
    assert organisation_export(result.organisation) == document


def test_an_own_version_listed_twice_is_refused(rich):
    document = organisation_export(rich)
    wipe(document)
    own = next(m for m in document["models"] if m["owned"])
    document["models"].append(own)
    before = everything_counted()

    with pytest.raises(BackupError, match="this version is listed twice"):
        organisation_import(document)

    assert everything_counted() == before
