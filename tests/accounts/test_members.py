import pytest
from django.urls import reverse

from accounts.models import Membership, User
from tests.factories import TeamFactory, UserFactory


def membership_of(user, organisation):
    return Membership.objects.get(user=user, organisation=organisation)


def edit_url(membership):
    return reverse("orgs:member_edit", args=[membership.organisation.slug, membership.pk])


def remove_url(membership):
    return reverse("orgs:member_remove", args=[membership.organisation.slug, membership.pk])


@pytest.mark.django_db
def test_admin_changes_role_and_teams(client_for, admin, member, organisation, team, other_team):
    membership = membership_of(member, organisation)

    response = client_for(admin).post(
        edit_url(membership), {"role": "manager", "teams": [other_team.pk]}
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "manager"
    assert list(membership.teams.all()) == [other_team]


@pytest.mark.django_db
def test_last_admin_cannot_step_down(client_for, admin, organisation):
    membership = membership_of(admin, organisation)

    response = client_for(admin).post(edit_url(membership), {"role": "member"})

    assert response.status_code == 200
    assert "at least one administrator" in str(response.context["form"].errors)
    membership.refresh_from_db()
    assert membership.role == "admin"


@pytest.mark.django_db
def test_last_admin_cannot_be_removed(client_for, admin, organisation):
    membership = membership_of(admin, organisation)

    response = client_for(admin).post(remove_url(membership), follow=True)

    assert "at least one administrator" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_with_a_second_admin_the_first_may_step_down(client_for, admin, manager, organisation):
    membership_of(manager, organisation).__class__.objects.filter(user=manager).update(role="admin")
    membership = membership_of(admin, organisation)

    client_for(admin).post(edit_url(membership), {"role": "viewer"})

    membership.refresh_from_db()
    assert membership.role == "viewer"


@pytest.mark.django_db
def test_admin_removes_member(client_for, admin, member, organisation, team):
    membership = membership_of(member, organisation)
    client = client_for(admin)

    assert client.get(remove_url(membership)).status_code == 200  # asks first
    assert Membership.objects.filter(pk=membership.pk).exists()
    client.post(remove_url(membership))

    assert not Membership.objects.filter(pk=membership.pk).exists()
    removed = client_for(member)
    assert removed.get(reverse("organisation", args=[organisation.slug])).status_code == 404


@pytest.mark.django_db
def test_member_edit_rejects_unknown_role_and_foreign_team(
    client_for, admin, member, organisation, other_organisation
):
    membership = membership_of(member, organisation)
    foreign = TeamFactory(organisation=other_organisation)
    client = client_for(admin)

    bad_role = client.post(edit_url(membership), {"role": "owner"})
    foreign_team = client.post(edit_url(membership), {"role": "member", "teams": [foreign.pk]})

    assert "role" in bad_role.context["form"].errors
    assert "teams" in foreign_team.context["form"].errors
    membership.refresh_from_db()
    assert membership.role == "member"


@pytest.mark.django_db
@pytest.mark.parametrize("team_id", [str(2**63), str(-(2**63) - 1), "1" + "0" * 30])
def test_a_team_id_beyond_64_bits_is_an_invalid_choice(
    client_for, admin, member, organisation, team, team_id
):
    """Django hands such an id to an `__in` query, where SQLite overflows: a form error."""
    membership = membership_of(member, organisation)

    response = client_for(admin).post(
        edit_url(membership), {"role": "viewer", "teams": [team.pk, team_id]}
    )

    assert response.status_code == 200
    assert "teams" in response.context["form"].errors
    membership.refresh_from_db()
    assert membership.role == "member"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["manager", "member", "viewer"])
def test_only_admins_change_members(client_for, admin, organisation, role, request):
    client = client_for(request.getfixturevalue(role))
    target = membership_of(admin, organisation)

    assert client.post(edit_url(target), {"role": "viewer"}).status_code == 403
    assert client.post(remove_url(target)).status_code == 403
    target.refresh_from_db()
    assert target.role == "admin"


@pytest.mark.django_db
def test_members_page_lists_people_with_few_queries(
    client_for, admin, organisation, team, django_assert_max_num_queries
):
    users = User.objects.bulk_create(UserFactory.build_batch(30))
    memberships = Membership.objects.bulk_create(
        [Membership(user=user, organisation=organisation, role="member") for user in users]
    )
    Membership.teams.through.objects.bulk_create(
        [Membership.teams.through(membership=m, team=team) for m in memberships]
    )

    client = client_for(admin)
    # Fixed overhead (session, user, organisation, membership, navigation); none per row.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("orgs:settings_members", args=[organisation.slug]))

    assert len(response.context["page"].object_list) == 25
