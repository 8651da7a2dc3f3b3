"""A new organisation gets a model at sign-up: the only published one, or it is asked
(issue 15, item 5). Two models are shipped (issue 21), so a fresh site asks."""

import pytest
from django.urls import reverse

from accounts.models import Organisation
from maturity.interchange import import_model
from maturity.models import MaturityModel
from tests.accounts.test_signup import SIGNUP, signup_data


def signed_up(client):
    response = client.post(SIGNUP, signup_data())
    return response, Organisation.objects.get(slug="hopper-labs")


@pytest.mark.django_db
def test_the_only_published_model_is_chosen_at_signup(client, seed_data, mini_data):
    # One published model (`load_models` ships two): the MLOps model alone.
    mlops = import_model(seed_data, status=MaturityModel.Status.PUBLISHED)
    import_model(mini_data)  # a draft: not a choice yet

    response, organisation = signed_up(client)

    assert list(organisation.models_in_use.all()) == [mlops]
    assert response["Location"] == reverse("organisation", args=[organisation.slug])
    page = client.get(response["Location"]).content.decode()
    assert "uses no maturity model yet" not in page


@pytest.mark.django_db
def test_with_several_published_models_signup_asks_which(client, mlops, mini_data):
    MaturityModel.objects.filter(pk=import_model(mini_data).pk).update(status="published")

    response, organisation = signed_up(client)

    assert not organisation.models_in_use.exists()
    assert response["Location"] == reverse("maturity:settings", args=[organisation.slug])
    page = client.get(response["Location"]).content.decode()
    assert "Choose the maturity model" in page
    assert "Small DevOps maturity model" in page


@pytest.mark.django_db
def test_without_a_published_model_signup_asks_for_one(client):
    response, organisation = signed_up(client)

    assert not organisation.models_in_use.exists()
    assert response["Location"] == reverse("maturity:settings", args=[organisation.slug])


@pytest.mark.django_db
def test_with_the_shipped_models_signup_asks_and_one_choice_leads_on(client, mlops):
    response, organisation = signed_up(client)

    assert not organisation.models_in_use.exists()
    settings = reverse("maturity:settings", args=[organisation.slug])
    assert response["Location"] == settings
    page = client.get(settings, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    shipped = MaturityModel.objects.filter(organisation=None)
    assert shipped.count() == 2
    assert all(model.name_de in page for model in shipped)  # both are offered
    client.post(settings, {"models": [mlops.pk]})
    assert list(organisation.models_in_use.all()) == [mlops]
    dashboard = client.get(reverse("organisation", args=[organisation.slug])).content.decode()
    assert "uses no maturity model yet" not in dashboard


@pytest.mark.django_db
def test_the_first_choice_of_models_leads_on_to_the_dashboard(client, mlops):
    response, organisation = signed_up(client)
    settings_url = reverse("maturity:settings", args=[organisation.slug])
    assert response["Location"] == settings_url

    chosen = client.post(settings_url, {"models": [mlops.pk]})

    assert chosen["Location"] == reverse("organisation", args=[organisation.slug])
    assert list(organisation.models_in_use.all()) == [mlops]
    # A later change stays on the settings page.
    again = client.post(settings_url, {"models": [mlops.pk]})
    assert again["Location"] == settings_url
