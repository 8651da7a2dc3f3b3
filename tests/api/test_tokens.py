"""API tokens (api/tokens.py, api/authentication.py): hashed, scoped to their organisation,
read-only or writing, expiring, revocable, their last use recorded."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Membership
from api.models import ApiToken
from api.tokens import LAST_USED_EVERY, TokenError, digest_of, token_create, token_revoke


def test_a_token_is_stored_as_a_digest_and_a_prefix_only(make_token):
    token, secret = make_token("read")

    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith(f"mat_{stored.prefix}_")
    assert stored.digest == digest_of(secret) != secret
    assert secret not in str(ApiToken.objects.values().get(pk=token.pk))
    # Its account has no password and no membership: it is no person of the organisation.
    assert not stored.user.has_usable_password()
    assert not Membership.objects.filter(user=stored.user).exists()
    assert stored.user.name == "API: read token"


def test_a_token_reads_its_organisation(reader, organisation, team):
    response = reader.get(f"/api/v1/organisations/{organisation.slug}/teams/")

    assert response.status_code == 200, response.content
    assert [row["name"] for row in response.json()["results"]] == ["Fraud ML"]


def test_another_organisations_address_is_a_404(reader, other_organisation):
    from tests.factories import TeamFactory

    team = TeamFactory(organisation=other_organisation)

    for url in (
        f"/api/v1/organisations/{other_organisation.slug}/",
        f"/api/v1/organisations/{other_organisation.slug}/teams/",
        f"/api/v1/organisations/{other_organisation.slug}/teams/{team.pk}/",
    ):
        response = reader.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/problem+json"
    listed = reader.get("/api/v1/organisations/").json()["results"]
    assert [row["slug"] for row in listed] == ["acme"]


def test_a_foreign_team_id_under_the_own_organisation_is_a_404(
    reader, organisation, other_organisation
):
    from tests.factories import TeamFactory

    foreign = TeamFactory(organisation=other_organisation)

    response = reader.get(f"/api/v1/organisations/{organisation.slug}/teams/{foreign.pk}/")

    assert response.status_code == 404


@pytest.mark.parametrize(
    "header",
    ["Bearer mat_0000_wrong", "Bearer nonsense", "Bearer", "Bearer a b", "Bearer mat_\u00e9"],
)
def test_a_wrong_token_is_a_401_with_a_problem(api, organisation, header):
    response = api.get(
        f"/api/v1/organisations/{organisation.slug}/teams/", HTTP_AUTHORIZATION=header
    )

    assert response.status_code == 401
    body = response.json()
    assert body["status"] == 401 and body["title"] == "Unauthorized" and body["detail"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_no_credentials_is_a_401(api, organisation):
    response = api.get(f"/api/v1/organisations/{organisation.slug}/teams/")

    assert response.status_code == 401


def test_a_revoked_or_expired_token_is_refused(make_token, api, organisation):
    revoked, revoked_secret = make_token("read", name="old")
    token_revoke(revoked)
    expired, expired_secret = make_token(
        "read", name="short", expires_at=timezone.now() + timedelta(seconds=1)
    )
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now())

    for secret in (revoked_secret, expired_secret):
        response = api.as_token(secret).get(f"/api/v1/organisations/{organisation.slug}/")
        assert response.status_code == 401


def test_a_token_records_its_last_use_at_most_once_a_minute(make_token, api, organisation):
    token, secret = make_token("read")
    client = api.as_token(secret)

    client.get(f"/api/v1/organisations/{organisation.slug}/")
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    client.get(f"/api/v1/organisations/{organisation.slug}/")
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - LAST_USED_EVERY * 2)
    client.get(f"/api/v1/organisations/{organisation.slug}/")

    assert first is not None
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first - LAST_USED_EVERY


def test_token_names_are_unique_among_live_tokens_and_expiry_lies_ahead(make_token, organisation):
    first, _secret = make_token("read", name="BI")

    with pytest.raises(TokenError):
        make_token("read", name="BI")
    with pytest.raises(TokenError):
        make_token("read", name="Later", expires_at=timezone.now() - timedelta(days=1))
    with pytest.raises(TokenError):
        make_token("read", name="  ")
    token_revoke(first)
    make_token("read", name="BI")  # the name is free again
    assert ApiToken.objects.filter(organisation=organisation).count() == 2


def test_unknown_api_addresses_are_problem_404s(reader):
    for url in ("/api/v1/nothing/", "/api/v2/", "/api/"):
        response = reader.get(url)
        assert response.status_code == 404, url
        assert response.json()["status"] == 404


def test_token_create_refuses_a_scope_it_does_not_know(organisation):
    with pytest.raises(TokenError):
        token_create(organisation=organisation, name="x", scope="root")
    assert not ApiToken.objects.exists()


def test_a_session_reads_what_its_role_may_see_and_writes_only_with_csrf(
    api, organisation, team, other_team, member, manager
):
    api.force_login(member)
    mine = api.get(f"/api/v1/organisations/{organisation.slug}/teams/").json()["results"]
    hidden = api.get(f"/api/v1/organisations/{organisation.slug}/teams/{other_team.pk}/")
    api.force_login(manager)
    every = api.get(f"/api/v1/organisations/{organisation.slug}/teams/").json()["results"]

    assert [row["name"] for row in mine] == ["Fraud ML"]
    assert hidden.status_code == 404
    assert [row["name"] for row in every] == ["Forecasting", "Fraud ML"]


def test_each_token_has_its_own_rate_limit(make_token, organisation, monkeypatch):
    from rest_framework.test import APIClient

    from api.throttling import PerCaller

    monkeypatch.setattr(PerCaller, "THROTTLE_RATES", {"caller": "3/min"})
    url = f"/api/v1/organisations/{organisation.slug}/"
    busy, other = APIClient(), APIClient()
    busy.credentials(HTTP_AUTHORIZATION=f"Bearer {make_token('read', name='busy')[1]}")
    other.credentials(HTTP_AUTHORIZATION=f"Bearer {make_token('read', name='other')[1]}")

    statuses = [busy.get(url).status_code for _ in range(4)]
    refused = busy.get(url)

    assert statuses == [200, 200, 200, 429]
    assert refused.json()["status"] == 429 and int(refused["Retry-After"]) > 0
    assert other.get(url).status_code == 200
