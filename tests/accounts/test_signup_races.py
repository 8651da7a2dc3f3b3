"""Two sign-ups at once with the same address or short name: the second gets a form error.

A concurrent request can commit its row after this one's checks ran and before its insert.
The tests simulate that: the rival row exists, and every "does it exist?" check of users
and organisations answers no, as it did before the rival committed. The insert then hits
the unique constraint; the answer is a message, not a server error, and nothing changes.
"""

import pytest
from django.db.models import QuerySet
from django.urls import reverse

from accounts.models import Invitation, Membership, Organisation, User
from tests.accounts.test_signup import SIGNUP, signup_data
from tests.factories import PASSWORD, InvitationFactory, OrganisationFactory, UserFactory


@pytest.fixture
def checks_miss_the_rival(monkeypatch):
    exists = QuerySet.exists

    def not_yet_committed(queryset):
        return False if queryset.model in (User, Organisation) else exists(queryset)

    monkeypatch.setattr(QuerySet, "exists", not_yet_committed)


@pytest.mark.django_db
def test_signup_racing_another_with_the_same_address_gets_a_form_error(
    client, checks_miss_the_rival
):
    rival = UserFactory(email="grace@example.com")

    response = client.post(SIGNUP, signup_data(email="Grace@Example.com"))

    assert response.status_code == 200
    assert "exists already" in str(response.context["form"].errors["email"])
    assert list(User.objects.all()) == [rival]
    assert Organisation.objects.count() == 0
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_signup_racing_another_with_the_same_short_name_gets_a_form_error(
    client, checks_miss_the_rival
):
    rival = OrganisationFactory(name="Hopper", slug="hopper-labs")

    response = client.post(SIGNUP, signup_data())

    assert response.status_code == 200
    assert "already taken" in str(response.context["form"].errors["organisation_slug"])
    assert User.objects.count() == 0
    assert list(Organisation.objects.all()) == [rival]
    assert Membership.objects.count() == 0


@pytest.mark.django_db
def test_accepting_an_invitation_racing_a_signup_with_its_address_gets_a_message(
    client, organisation, checks_miss_the_rival
):
    invitation = InvitationFactory(organisation=organisation, email="new@example.com")
    rival = UserFactory(email="new@example.com")
    url = reverse("accounts:invitation", args=[invitation.token])

    response = client.post(
        url, {"name": "New", "password1": PASSWORD, "password2": PASSWORD}, follow=True
    )

    assert response.redirect_chain == [(url, 302)]
    assert "exists already" in response.content.decode()
    assert list(User.objects.all()) == [rival]
    assert Membership.objects.count() == 0
    assert Invitation.objects.get().accepted_at is None
