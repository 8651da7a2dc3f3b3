"""A new organisation gets a model at sign-up: the only published one, or it is asked
(issue 15, item 5)."""

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
def test_the_only_published_model_is_chosen_at_signup(client, mlops, mini_data):
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
