"""Nobody sees, or can guess their way to, another organisation's pages."""

from datetime import date

import pytest
from django.urls import URLResolver, get_resolver, reverse

from assessments.models import Assessment, Report
from maturity.interchange import import_model
from tests.factories import InvitationFactory, MembershipFactory


def walk(resolver, namespace=""):
    """(name, parameters) of every named URL below the resolver."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            for name, params in walk(entry, inner):
                yield name, {**entry.pattern.converters, **params}
        elif entry.name:
            yield f"{namespace}{entry.name}", dict(entry.pattern.converters)


def organisation_url_patterns():
    """Every URL of the project under /o/<org>/: a new one is walked without changing this."""
    return [(name, params) for name, params in walk(get_resolver()) if "org" in params]


def fill(name, params, objects):
    """The URL with its arguments filled with the organisation's own objects."""
    kwargs = {}
    for param in params:
        if param == "pk":
            kinds = ("invitation", "member", "maturity", "report", "assessments")
            kwargs["pk"] = objects[next(kind for kind in kinds if kind in name)]
        else:
            kwargs[param] = objects[param]  # a KeyError here: a new parameter to cover
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def urls(organisation, team, member, mini_data):
    own_model = import_model(
        {**mini_data, "slug": "acme-model"}, organisation=organisation, status="published"
    )
    assessment = Assessment.objects.create(
        team=team, model=own_model, label="2026 Q4", date=date(2026, 11, 1)
    )
    objects = {
        "assessments": assessment.pk,
        "format": "csv",
        "area": "delivery",
        "org": organisation.slug,
        "team": team.slug,
        "member": member.memberships.get().pk,
        "invitation": InvitationFactory(organisation=organisation).pk,
        "maturity": own_model.pk,
        "report": Report.objects.create(organisation=organisation, kind="organisation").pk,
    }
    return [fill(name, params, objects) for name, params in organisation_url_patterns()]


def test_the_walk_covers_every_organisation_page(urls):
    assert len(urls) == 35
    assert "/o/acme/settings/models/upload/" in urls


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_gets_404_on_every_organisation_and_team_url(client_for, urls, outsider, method):
    client = client_for(outsider)
    for url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 404, url


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_log_in_everywhere(client, urls, method):
    for url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


@pytest.mark.django_db
def test_foreign_object_through_own_organisation_is_404(
    client_for, outsider, organisation, other_organisation, team, member
):
    """Using one's own organisation's address with another organisation's ids."""
    client = client_for(outsider)
    membership = member.memberships.get()
    invitation = InvitationFactory(organisation=organisation)
    own = other_organisation.slug

    assert client.get(reverse("assessments:team", args=[own, team.slug])).status_code == 404
    assert client.get(reverse("orgs:team_edit", args=[own, team.slug])).status_code == 404
    assert client.get(reverse("orgs:member_edit", args=[own, membership.pk])).status_code == 404
    assert client.post(reverse("orgs:member_remove", args=[own, membership.pk])).status_code == 404
    assert (
        client.post(reverse("orgs:invitation_revoke", args=[own, invitation.pk])).status_code == 404
    )
    assert member.memberships.count() == 1


@pytest.mark.django_db
def test_user_of_two_organisations_switches_between_them(
    client_for, admin, organisation, other_organisation
):
    MembershipFactory(user=admin, organisation=other_organisation, role="viewer")
    client = client_for(admin)

    switcher = client.get(reverse("orgs:list"))
    assert {org.slug for org, _role in switcher.context["rows"]} == {"acme", "globex"}

    page = client.get(reverse("organisation", args=["globex"]))
    assert page.status_code == 200
    assert [o.slug for o in page.context["my_organisations"]] == ["acme", "globex"]
    # The start page remembers the organisation last used.
    assert client.get("/")["Location"] == reverse("organisation", args=["globex"])
    client.get(reverse("organisation", args=["acme"]))
    assert client.get("/")["Location"] == reverse("organisation", args=["acme"])


@pytest.mark.django_db
def test_settings_are_for_admins_only(client_for, organisation, manager, member, viewer, admin):
    url = reverse("orgs:settings", args=[organisation.slug])
    for user in (manager, member, viewer):
        assert client_for(user).get(url).status_code == 403
    response = client_for(admin).post(url, {"name": "Acme Europe"})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Acme Europe"


@pytest.mark.django_db
def test_settings_link_is_shown_to_admins_only(client_for, organisation, admin, manager):
    url = reverse("organisation", args=[organisation.slug])
    settings_url = reverse("orgs:settings", args=[organisation.slug])

    link = f'href="{settings_url}"'
    assert link in client_for(admin).get(url).content.decode()
    assert link not in client_for(manager).get(url).content.decode()
