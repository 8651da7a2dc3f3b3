"""The organisation's report is of one model: the one the dashboard shows, or chosen on the
reports page; a model the organisation does not use is no such model."""

import pytest
from django.urls import reverse

from maturity.interchange import import_model
from maturity.models import MaturityModel
from reports import contexts, services
from reports.models import Report
from tests.byo.samm import samm_model


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def two_models(organisation, mlops, mini_model):
    organisation.models_in_use.set([mlops, mini_model])
    return mlops, mini_model


def order(client, organisation, **data):
    return client.post(
        reverse("reports:order", args=[organisation.slug]),
        {"kind": "organisation", "language": "en", **data},
    )


def test_the_report_is_of_the_model_chosen(client_for, manager, organisation, two_models):
    mlops, mini = two_models
    client = client_for(manager)
    assert order(client, organisation, model=mini.pk).status_code == 302
    report = Report.objects.get()
    assert report.model == mini
    assert mini.name in report.title
    context = contexts.organisation_context(report)
    assert [a.key for a in context["areas"]] == [a.key for a in mini.areas.all()]


def test_without_a_model_the_report_is_of_the_first_in_use(organisation, manager, two_models):
    report = Report.objects.create(
        organisation=organisation, kind="organisation", ordered_by=manager
    )
    first = contexts.organisation_context(report)["model"]
    # `models_for` orders by slug and version; the assertion was a conditional expression
    # (always true) before.
    assert first == min(two_models, key=lambda model: (model.slug, model.version))


def test_the_reports_page_offers_the_models_in_use(client_for, manager, organisation, two_models):
    page = client_for(manager).get(reverse("reports:list", args=[organisation.slug]))
    html = page.content.decode()
    assert 'name="model"' in html
    for model in two_models:
        assert f'value="{model.pk}"' in html


@pytest.mark.parametrize("which", ["unused", "foreign", "nonsense", "huge"])
def test_a_model_not_in_use_is_no_such_model(
    client_for, manager, organisation, other_organisation, two_models, which
):
    unused = import_model(samm_model(), status=MaturityModel.Status.PUBLISHED)
    foreign = import_model(
        samm_model(), organisation=other_organisation, status=MaturityModel.Status.PUBLISHED
    )
    other_organisation.models_in_use.set([foreign])
    pk = {"unused": unused.pk, "foreign": foreign.pk, "nonsense": "x1", "huge": "9" * 30}[which]
    assert order(client_for(manager), organisation, model=pk).status_code == 404
    assert not Report.objects.exists()


def test_the_same_report_of_another_model_is_another_report(manager, organisation, two_models):
    mlops, mini = two_models
    waiting = Report.objects.create(
        organisation=organisation, kind="organisation", model=mlops, language="en"
    )
    again = services.report_order(
        organisation=organisation, kind="organisation", by=manager, language="en", model=mlops
    )
    assert again == waiting
    other = services.report_order(
        organisation=organisation, kind="organisation", by=manager, language="en", model=mini
    )
    assert other != waiting and other.model == mini
