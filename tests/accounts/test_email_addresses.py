"""Addresses are stored in one form and refused where they could pass for another one."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.addresses import email_problem, normalise_email
from accounts.models import Invitation, Organisation, User
from accounts.services import AccountsError, invitation_accept
from tests.accounts.test_signup import SIGNUP, signup_data
from tests.admin_forms import change_form_data
from tests.factories import PASSWORD, InvitationFactory, MembershipFactory, UserFactory

# Typed spellings that could pass for another address, and why.
LOOK_ALIKES = [
    ("bıll@corp.example", "dotless ı"),
    ("BİLL@corp.example", "dotted İ"),
    ("ſam@corp.example", "long s"),
    ("bill@ｃorp.example", "full-width letter"),
    ("bill@corp.exаmple", "Cyrillic а among Latin"),
    ("bill@cοrp.example", "Greek ο among Latin"),
]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Grace@Example.COM ", "grace@example.com"),
        ("ſam@example.com", "sam@example.com"),  # NFKC: long s is s
        ("sam@ｅxample.com", "sam@example.com"),  # NFKC: full-width e is e
        ("vıctim@example.com", "vıctim@example.com"),  # ı is not i, whatever the case
        ("STRASSE@example.de", "strasse@example.de"),
        ("straße@example.de", "straße@example.de"),  # lower(), not casefold(): ß stays
    ],
)
def test_normalised_form_is_nfkc_then_lower_case(typed, stored):
    assert normalise_email(typed) == stored


@pytest.mark.parametrize(("typed", "why"), LOOK_ALIKES)
def test_look_alike_address_is_a_problem(typed, why):
    assert email_problem(typed), why


@pytest.mark.parametrize(
    "typed",
    [
        "Grace.Hopper@Example.com",
        "jose\u0301@example.com",  # é written as e + accent: the same text, stored composed
        "иван@почта.рф",  # one script throughout
        "ivan@почта.com",  # each label of the domain in one script
        "taro@山田たろう.jp",  # Han with Hiragana is how Japanese is written
        "straße@example.de",
    ],
)
def test_plain_address_in_any_one_script_is_fine(typed):
    assert email_problem(typed) is None


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "why"), LOOK_ALIKES)
def test_signup_refuses_look_alike_address_beside_the_field(client, typed, why):
    UserFactory(email="bill@corp.example")

    response = client.post(SIGNUP, signup_data(email=typed, organisation_slug="corp"))

    assert response.status_code == 200, why
    assert "email" in response.context["form"].errors, why
    assert User.objects.count() == 1
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_signup_refusal_names_the_plain_spelling(client):
    response = client.post(SIGNUP, signup_data(email="ſam@example.com"))

    assert "Type it as sam@example.com" in str(response.context["form"].errors["email"])
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "why"), LOOK_ALIKES)
def test_invitation_to_look_alike_address_is_refused(client_for, admin, organisation, typed, why):
    response = client_for(admin).post(
        reverse("orgs:invitation_create", args=[organisation.slug]),
        {"email": typed, "role": "member"},
    )

    assert response.status_code == 200, why
    assert "email" in response.context["form"].errors, why
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_invitation_is_stored_normalised_and_matched_exactly(client_for, admin, organisation):
    MembershipFactory(user=UserFactory(email="bob@corp.example"), organisation=organisation)

    response = client_for(admin).post(
        reverse("orgs:invitation_create", args=[organisation.slug]),
        {"email": "BOB@corp.example", "role": "member"},
    )

    assert "already a member" in str(response.context["form"].errors["email"])
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_accepting_an_old_invitation_to_a_look_alike_creates_no_account(organisation):
    # Invited before look-alikes were refused (the field's validator does not run on create).
    invitation = InvitationFactory(organisation=organisation, email="bıll@corp.example")

    with pytest.raises(AccountsError, match="dotless"):
        invitation_accept(token=invitation.token, name="Bill", password=PASSWORD)

    assert not User.objects.exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.fixture
def superuser_client(client, db):
    user = User.objects.create_superuser("root@example.com", PASSWORD)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def admin_add_user(client, email):
    return client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": email,
            "name": "",
            "usable_password": "true",
            "password1": "a long passphrase 1",
            "password2": "a long passphrase 1",
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "why"), LOOK_ALIKES)
def test_admin_refuses_look_alike_address_for_a_new_user(superuser_client, typed, why):
    response = admin_add_user(superuser_client, typed)

    assert response.status_code == 200, why
    assert "email" in response.context["adminform"].form.errors, why
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_admin_stores_a_new_users_address_normalised_and_refuses_a_taken_one(superuser_client):
    assert admin_add_user(superuser_client, "Grace@Example.com").status_code == 302
    assert User.objects.filter(email="grace@example.com").exists()

    response = admin_add_user(superuser_client, "GRACE@example.com")

    assert "email" in response.context["adminform"].form.errors
    assert User.objects.count() == 2


@pytest.mark.django_db
def test_admin_refuses_look_alike_address_when_changing_a_user(superuser_client):
    user = UserFactory(email="bob@corp.example")
    url = reverse("admin:accounts_user_change", args=[user.pk])
    data = change_form_data(superuser_client.get(url), email="bıll@corp.example")
    response = superuser_client.post(url, data)

    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    user.refresh_from_db()
    assert user.email == "bob@corp.example"


@pytest.mark.django_db
def test_admin_stores_an_invitation_address_normalised(superuser_client, organisation):
    expires = timezone.now() + timedelta(days=3)
    response = superuser_client.post(
        reverse("admin:accounts_invitation_add"),
        {
            "organisation": organisation.pk,
            "email": "New@Example.com",
            "role": "member",
            "language": "en",
            "invited_by": User.objects.get(email="root@example.com").pk,
            "expires_at_0": expires.strftime("%Y-%m-%d"),
            "expires_at_1": expires.strftime("%H:%M:%S"),
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Invitation.objects.get().email == "new@example.com"
