import pytest
from django.urls import reverse

from accounts.models import Team
from tests.factories import TeamFactory


def create_url(organisation):
    return reverse("orgs:team_create", args=[organisation.slug])


def edit_url(team):
    return reverse("orgs:team_edit", args=[team.organisation.slug, team.slug])


@pytest.mark.django_db
def test_admin_creates_team_with_slug_from_name(client_for, admin, organisation):
    response = client_for(admin).post(
        create_url(organisation), {"name": "Data Platform", "slug": "", "description": "Pipelines"}
    )

    assert response.status_code == 302
    team = Team.objects.get(organisation=organisation)
    assert (team.name, team.slug, team.description) == (
        "Data Platform",
        "data-platform",
        "Pipelines",
    )


@pytest.mark.django_db
def test_duplicate_team_slug_says_so_and_creates_nothing(client_for, admin, organisation, team):
    response = client_for(admin).post(create_url(organisation), {"name": "Fraud ML"})

    assert response.status_code == 200
    assert "“fraud-ml” exists already" in str(response.context["form"].errors["slug"])
    assert Team.objects.filter(organisation=organisation).count() == 1


@pytest.mark.django_db
def test_same_team_slug_is_fine_in_another_organisation(
    client_for, outsider, other_organisation, team
):
    response = client_for(outsider).post(create_url(other_organisation), {"name": "Fraud ML"})

    assert response.status_code == 302
    assert Team.objects.filter(slug="fraud-ml").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [{"name": ""}, {"name": "x" * 121}, {"name": "Ok", "slug": "bad slug!"}, {"name": "New"}],
)
def test_invalid_team_form_shows_errors_and_creates_nothing(client_for, admin, organisation, data):
    response = client_for(admin).post(create_url(organisation), data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Team.objects.exists()


@pytest.mark.django_db
def test_rename_and_archive_team(client_for, admin, team, organisation):
    client = client_for(admin)

    client.post(
        edit_url(team),
        {"name": "Fraud Detection", "slug": "fraud", "description": "", "archived": "on"},
    )

    team.refresh_from_db()
    assert (team.name, team.slug, team.archived) == ("Fraud Detection", "fraud", True)
    listing = client.get(reverse("orgs:teams", args=[organisation.slug]))
    assert team not in listing.context["page"].object_list
    with_archived = client.get(reverse("orgs:teams", args=[organisation.slug]) + "?archived=1")
    assert team in with_archived.context["page"].object_list


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["manager", "member", "viewer"])
def test_only_admins_manage_teams(client_for, organisation, team, role, request):
    client = client_for(request.getfixturevalue(role))

    assert client.post(create_url(organisation), {"name": "Sneaky"}).status_code == 403
    assert client.post(edit_url(team), {"name": "Renamed", "slug": "x"}).status_code == 403
    assert list(Team.objects.values_list("name", flat=True)) == ["Fraud ML"]


@pytest.mark.django_db
def test_members_see_their_teams_managers_see_all(
    client_for, organisation, team, other_team, member, manager
):
    url = reverse("orgs:teams", args=[organisation.slug])

    assert list(client_for(member).get(url).context["page"].object_list) == [team]
    assert set(client_for(manager).get(url).context["page"].object_list) == {team, other_team}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member", "viewer"])
def test_a_team_one_does_not_belong_to_is_404(client_for, organisation, other_team, role, request):
    client = client_for(request.getfixturevalue(role))

    response = client.get(reverse("dashboards:team", args=[organisation.slug, other_team.slug]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_team_list_is_paginated_with_a_fixed_number_of_queries(
    client_for, manager, organisation, django_assert_max_num_queries
):
    Team.objects.bulk_create(TeamFactory.build_batch(60, organisation=organisation))
    client = client_for(manager)
    url = reverse("orgs:teams", args=[organisation.slug])

    with django_assert_max_num_queries(12):
        first = client.get(url)
    assert len(first.context["page"].object_list) == 25
    assert len(client.get(url + "?page=3").context["page"].object_list) == 10


def test_a_long_team_name_gives_a_slug_that_fits_its_column(client_for, admin, organisation):
    name = "Machine learning platform and " + "operations " * 8  # 118 characters
    response = client_for(admin).post(create_url(organisation), {"name": name})

    assert response.status_code == 302, response.content[:500]
    team = Team.objects.get(organisation=organisation, name=name.strip())
    assert len(team.slug) <= 60 and not team.slug.endswith("-")
    assert team.slug.startswith("machine-learning-platform-and-operations")
