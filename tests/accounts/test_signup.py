import pytest
from django.urls import reverse

from accounts.models import Membership, Organisation, User
from tests.factories import PASSWORD, OrganisationFactory, UserFactory

SIGNUP = reverse("accounts:signup")


def signup_data(**overrides):
    data = {
        "name": "Grace Hopper",
        "email": "Grace@Example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "organisation_name": "Hopper Labs",
        "organisation_slug": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_signup_creates_user_and_organisation_with_them_as_admin(client, mlops):
    response = client.post(SIGNUP, signup_data())

    assert response.status_code == 302
    # Two models are shipped, so sign-up's next step asks which (tests/maturity).
    assert response["Location"] == reverse("maturity:settings", args=["hopper-labs"])
    user = User.objects.get()
    assert user.email == "grace@example.com"
    assert user.check_password(PASSWORD)
    membership = Membership.objects.get()
    assert (membership.user, membership.organisation.slug, membership.role) == (
        user,
        "hopper-labs",
        "admin",
    )
    # Logged in straight away.
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"password2": "something else entirely"}, "password2"),
        ({"password1": "12345678", "password2": "12345678"}, "password2"),
        ({"email": "not-an-address"}, "email"),
        ({"name": ""}, "name"),
        ({"organisation_name": ""}, "organisation_name"),
        ({"organisation_slug": "Not A Slug!"}, "organisation_slug"),
    ],
)
def test_invalid_signup_shows_error_beside_field_and_creates_nothing(client, overrides, field):
    response = client.post(SIGNUP, signup_data(**overrides))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'class="invalid-feedback' in response.content.decode()
    assert not User.objects.exists()
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_signup_with_taken_organisation_slug_says_so_and_creates_nothing(client):
    OrganisationFactory(name="Existing", slug="hopper-labs")

    response = client.post(SIGNUP, signup_data())

    assert response.status_code == 200
    assert "“hopper-labs” is already taken" in response.content.decode()
    assert not User.objects.exists()
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_signup_with_existing_email_is_refused(client):
    UserFactory(email="grace@example.com")

    response = client.post(SIGNUP, signup_data(organisation_slug="other"))

    assert "email" in response.context["form"].errors
    assert User.objects.count() == 1
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_signup_takes_chosen_slug(client):
    client.post(SIGNUP, signup_data(organisation_slug="hl"))

    assert Organisation.objects.get().slug == "hl"
