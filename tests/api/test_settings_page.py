"""Settings → API: an organisation's administrators list, create and revoke its tokens; the
secret is shown once, in the answer to the form, and kept nowhere."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from api.tokens import digest_of, token_check, token_revoke

pytestmark = pytest.mark.django_db


def list_url(organisation):
    return reverse("api_settings:tokens", args=[organisation.slug])


def create_url(organisation):
    return reverse("api_settings:token_create", args=[organisation.slug])


def revoke_url(token):
    return reverse("api_settings:token_revoke", args=[token.organisation.slug, token.pk])


# --- the list --------------------------------------------------------------------------


def test_empty_list_explains_tokens_and_links_to_the_docs(client_for, admin, organisation):
    response = client_for(admin).get(list_url(organisation))

    html = response.content.decode()
    assert response.status_code == 200
    assert "No API tokens yet." in html
    assert reverse("api:docs") in html
    assert f'href="{create_url(organisation)}"' in html


def test_list_shows_each_token_with_its_prefix_scope_and_state(
    client_for, admin, organisation, make_token
):
    live, _ = make_token("write", name="Warehouse export")
    expired, _ = make_token("read", name="Old dashboard")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    revoked, _ = make_token("read", name="Leaked laptop")
    token_revoke(revoked)

    response = client_for(admin).get(list_url(organisation))

    html = response.content.decode()
    rows = {token.name: state for token, state in response.context["rows"]}
    assert rows == {
        "Warehouse export": "live",
        "Old dashboard": "expired",
        "Leaked laptop": "revoked",
    }
    assert f"mat_{live.prefix}…" in html
    assert "Read and write, as a manager" in html
    assert admin.email in html or admin.name in html
    assert revoke_url(live) in html and revoke_url(expired) in html
    assert revoke_url(revoked) not in html
    assert live.digest not in html


def test_list_shows_only_this_organisations_tokens(
    client_for, admin, organisation, other_organisation, make_token
):
    make_token("read", organisation=other_organisation, name="Globex sync")

    response = client_for(admin).get(list_url(organisation))

    assert "Globex sync" not in response.content.decode()


def test_list_is_paginated_and_reads_a_page_in_a_few_queries(
    client_for, admin, organisation, make_token, django_assert_max_num_queries
):
    for number in range(30):
        make_token("read", name=f"Token {number:02}")
    client = client_for(admin)
    client.get(list_url(organisation))  # the session and the organisation settle

    with django_assert_max_num_queries(8):
        response = client.get(list_url(organisation))

    assert len(response.context["rows"]) == 25
    second = client.get(list_url(organisation) + "?page=2")
    assert len(second.context["rows"]) == 5


def test_settings_navigation_links_to_the_api_page(client_for, admin, organisation):
    response = client_for(admin).get(reverse("orgs:settings", args=[organisation.slug]))

    assert f'href="{list_url(organisation)}"' in response.content.decode()


# --- creating ------------------------------------------------------------------------


def test_admin_creates_a_token_and_sees_its_secret_once(client_for, admin, organisation):
    client = client_for(admin)
    expires_on = timezone.localdate() + timedelta(days=30)

    response = client.post(
        create_url(organisation),
        {"name": "Warehouse export", "scope": "write", "expires_on": expires_on.isoformat()},
    )

    assert response.status_code == 200
    secret = response.context["secret"]
    html = response.content.decode()
    assert f'value="{secret}"' in html and "will not be shown again" in html
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(organisation=organisation)
    assert (token.name, token.scope, token.created_by) == ("Warehouse export", "write", admin)
    assert token.digest == digest_of(secret) and token_check(secret) == token
    assert timezone.localtime(token.expires_at).date() == expires_on
    # Nowhere to be found afterwards: not in the session, not on the list.
    assert secret not in str(dict(client.session))
    assert secret not in client.get(list_url(organisation)).content.decode()


def test_a_token_without_expiry_is_read_only_by_default(client_for, admin, organisation):
    client_for(admin).post(create_url(organisation), {"name": "Dashboard", "scope": "read"})

    token = ApiToken.objects.get(organisation=organisation)
    assert (token.scope, token.expires_at) == ("read", None)


def test_a_live_tokens_name_is_refused_as_a_form_error(client_for, admin, organisation, make_token):
    make_token("read", name="Dashboard")

    response = client_for(admin).post(
        create_url(organisation), {"name": "Dashboard", "scope": "read"}
    )

    assert response.status_code == 200
    assert "revoke it or choose another name" in str(response.context["form"].non_field_errors())
    assert "secret" not in response.context
    assert ApiToken.objects.filter(organisation=organisation).count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "scope": "read"},
        {"name": "   ", "scope": "read"},
        {"name": "x" * 101, "scope": "read"},
        {"name": "Bad\x00name", "scope": "read"},
        {"name": "Sync", "scope": "admin"},
        {"name": "Sync", "scope": "read", "expires_on": "yesterday"},
        {"name": "Sync", "scope": "read", "expires_on": "2020-01-01"},
        {"name": "Sync", "scope": "read", "expires_on": "today"},
    ],
)
def test_invalid_form_shows_errors_and_creates_nothing(client_for, admin, organisation, data):
    if data.get("expires_on") == "today":
        data = {**data, "expires_on": timezone.localdate().isoformat()}

    response = client_for(admin).post(create_url(organisation), data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ApiToken.objects.exists()


# --- revoking ------------------------------------------------------------------------


def test_admin_revokes_a_token_after_confirming(client_for, admin, organisation, make_token):
    token, secret = make_token("write", name="Warehouse export")
    client = client_for(admin)

    confirm = client.get(revoke_url(token))
    assert confirm.status_code == 200
    assert f"mat_{token.prefix}…" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # asking is not revoking

    response = client.post(revoke_url(token))

    assert response.status_code == 302 and response["Location"] == list_url(organisation)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token_check(secret) is None


def test_revoking_needs_the_csrf_token(admin, organisation, make_token):
    from django.test import Client

    token, _ = make_token("read")
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")

    assert client.post(revoke_url(token)).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_another_organisations_token_is_not_found(
    client_for, admin, other_organisation, make_token
):
    foreign, _ = make_token("read", organisation=other_organisation, name="Globex sync")
    url = reverse("api_settings:token_revoke", args=["acme", foreign.pk])
    client = client_for(admin)

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


# --- who may -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["manager", "member", "viewer"])
def test_only_administrators_manage_tokens(request, client_for, organisation, make_token, role):
    token, _ = make_token("read")
    client = client_for(request.getfixturevalue(role))

    assert client.get(list_url(organisation)).status_code == 403
    assert (
        client.post(create_url(organisation), {"name": "Mine", "scope": "write"}).status_code == 403
    )
    assert client.post(revoke_url(token)).status_code == 403
    assert ApiToken.objects.count() == 1
    token.refresh_from_db()
    assert token.revoked_at is None


def test_another_organisations_admin_finds_nothing(client_for, outsider, organisation, make_token):
    token, _ = make_token("read")
    client = client_for(outsider)

    assert client.get(list_url(organisation)).status_code == 404
    assert (
        client.post(create_url(organisation), {"name": "Mine", "scope": "read"}).status_code == 404
    )
    assert client.post(revoke_url(token)).status_code == 404


def test_nobody_is_sent_to_log_in(client, organisation):
    response = client.get(list_url(organisation))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
