"""Every URL of the project, filled with organisation A's objects, asked for by people who
must not reach them: a user of organisation B, a viewer of another team of A, and nobody.

The walk comes from the URL resolver, so a new URL is walked without changing this file;
one whose arguments the walk cannot fill, or that no rule below classifies, fails the test
until it is covered.
"""

from datetime import date

import pytest
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from api.tokens import token_create
from assessments.models import Assessment
from assessments.services import answer_record
from maturity.interchange import import_model
from plans.models import Action
from reports.models import Report
from rounds.models import Entry, Round
from tests.factories import InvitationFactory, MembershipFactory, UserFactory
from webhooks.models import Delivery, Endpoint

SECRET_COMMENT = "Only the Fraud ML team may read this comment"

# Pages anyone may open; they must still not show A's data to B or to nobody.
PUBLIC = {
    "home",
    "healthz",
    "set_language",
    "accounts:signup",
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "maturity:list",
    "admin:login",
    "admin:logout",
    # Single sign-on (sso/urls.py): its login and logout replace accounts' at their addresses;
    # an organisation's start page is a 404 unless it has set up a provider.
    "sso:login",
    "sso:logout",
    "sso:find",
    "sso:start",
    "sso:start_organisation",
    "sso:callback",
}
LOGOUT = {"accounts:logout", "sso:logout"}
# Pages for any logged-in user, about nobody's organisation in particular.
OWN_ACCOUNT = {
    "accounts:password_change",
    "accounts:password_change_done",
    "accounts:email_settings",
    "orgs:list",
}
# Reached with a secret in the address (the invitation's token, the signed token of the link
# out of reminders): a guessed one is a 404.
BY_TOKEN = {"accounts:invitation", "accounts:reminders"}
# A shipped model, addressed by slug and version; filled with A's own model, whose old address
# this was, it must lead nobody else to it.
MODEL_PAGES = {"maturity:detail", "maturity:download"}


def walk(resolver, namespace="", prefix="", params=frozenset()):
    """(name, parameters, pattern) of every URL pattern below the resolver, named or not."""
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        inner_params = params | set(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, inner, pattern, inner_params)
        else:
            name = f"{namespace}{entry.name}" if entry.name else None
            yield name, inner_params, pattern


# The REST API (api/urls.py): its OpenAPI document, the two viewers and its 404 for anyone; the
# caller's organisations (a list of their own); everything else under an organisation.
API_PUBLIC = {"api:schema", "api:docs", "api:redoc", "api:not_found", "api_not_found"}
API_OWN = {"api:organisations"}
# Path arguments that are ids in the API (the pages name teams by slug).
API_IDS = {
    "team": "team_id",
    "model": "maturity",
    "assessment": "assessments",
    "round": "rounds",
    "action": "plans",
}


def classify(name, params):
    if name is None:
        return None
    if name in API_PUBLIC:
        return "api-public"
    if name in API_OWN:
        return "api-own"
    if name.startswith("api:"):
        return "api" if "org" in params else None
    if name.startswith("admin:"):
        return "public" if name in PUBLIC else "admin"
    if "org" in params:
        return "organisation"
    for kind, names in (
        ("public", PUBLIC),
        ("account", OWN_ACCOUNT),
        ("token", BY_TOKEN),
        ("model", MODEL_PAGES),
    ):
        if name in names:
            return kind
    return None


@pytest.fixture
def world(organisation, other_organisation, team, other_team, member, mini_data, mlops):
    """Organisation A with a team whose data must stay inside it; B is other_organisation."""
    own_model = import_model(
        {**mini_data, "slug": "acme-model"}, organisation=organisation, status="published"
    )
    assessment = Assessment.objects.create(
        team=team, model=own_model, label="2026 Q4", date=date(2026, 11, 1)
    )
    area = own_model.areas.order_by("position").first()
    answer_record(
        assessment=assessment, respondent=member, area_key=area.key, level=2, comment=SECRET_COMMENT
    )
    report = Report.objects.create(organisation=organisation, team=team, kind="team")
    round_ = Round.objects.create(
        organisation=organisation,
        label="2027 Q1",
        model=own_model,
        opens_on=date(2026, 11, 1),
        deadline=date(2026, 11, 30),
    )
    Entry.objects.create(round=round_, team=team, assessment=assessment)
    invitation = InvitationFactory(organisation=organisation, teams=[team])
    endpoint = Endpoint.objects.create(
        organisation=organisation, url="https://hooks.example.net/in", events=["round.opened"]
    )
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event="round.opened",
        event_id="00000000-0000-4000-8000-000000000001",
        payload={"type": "round.opened", "data": {"team": {"name": team.name}}},
    )

    viewer_elsewhere = UserFactory(email="vera@acme.example")
    MembershipFactory(
        user=viewer_elsewhere, organisation=organisation, role="viewer", teams=[other_team]
    )
    objects = {
        "org": organisation.slug,
        "team": team.slug,
        "team_id": team.pk,
        "area": area.key,
        "format": "csv",
        "slug": own_model.slug,
        "version": own_model.version,
        "token": "n0t-the-real-token-" + "x" * 24,
        "uidb64": urlsafe_base64_encode(force_bytes(member.pk)),
        "assessments": assessment.pk,
        "report": report.pk,
        "member": member.memberships.get().pk,
        "invitation": invitation.pk,
        "maturity": own_model.pk,
        "rounds": round_.pk,
        "characteristic": own_model.characteristics.values_list("pk", flat=True).first(),
        "plans": Action.objects.create(team=team, title="Ship the model registry").pk,
        "api_token": token_create(organisation=organisation, name="Warehouse", scope="read")[0].pk,
        "dimension_key": own_model.dimensions.values_list("key", flat=True).first(),
        "webhooks": endpoint.pk,
        "delivery": delivery.pk,
        "organisation": organisation.slug,
        # The model editor's parts (maturity:editor_part and others): an area of A's model.
        "kind": "area",
        "item": area.pk,
    }
    # A reset token made for someone else: the member's reset page must call the link invalid.
    objects["reset_token"] = default_token_generator.make_token(viewer_elsewhere)
    organisation.models_in_use.add(own_model)  # its dimensions take targets (api:target)
    return {"objects": objects, "viewer_elsewhere": viewer_elsewhere, "team": team}


def fill(name, params, objects):
    """The URL with its arguments filled with organisation A's objects."""
    kwargs = {}
    for param in params:
        if param == "pk":
            kinds = (
                "invitation",
                "member",
                "maturity",
                "report",
                "assessments",
                "rounds",
                "plans",
                "webhooks",
            )
            kwargs["pk"] = objects[next(kind for kind in kinds if kind in name)]
        elif param == "token" and name == "accounts:password_reset_confirm":
            kwargs["token"] = objects["reset_token"]
        elif name.startswith("admin:"):
            kwargs[param] = admin_argument(name, param)
        elif name.startswith("api:") and param in API_IDS:
            kwargs[param] = objects[API_IDS[param]]
        else:
            kwargs[param] = objects[param]  # a KeyError here: a new parameter to cover
    return reverse(name, kwargs=kwargs)


def admin_argument(name, param):
    # The admin turns away everyone who is not staff before it looks anything up, so any
    # existing object does; the argument only has to fit the pattern.
    if param == "app_label":
        return "accounts"
    if name == "admin:view_on_site":
        return 1
    if param in ("object_id", "id"):
        url_name = name.split(":")[1]
        # UserAdmin names its password page auth_user_… whatever the user model is.
        url_name = url_name.replace("auth_user_", "accounts_user_")
        model = next(
            model
            for model in admin.site._registry
            if url_name.startswith(f"{model._meta.app_label}_{model._meta.model_name}_")
        )
        return model.objects.values_list("pk", flat=True).first() or 1
    raise KeyError(param)


def walked(world):
    """[(name, kind, url)] for every named URL; unnamed ones are only the admin's catch-all."""
    rows = []
    for name, params, _pattern in walk(get_resolver()):
        kind = classify(name, params)
        if name is None:
            continue
        rows.append((name, kind, fill(name, params, world["objects"])))
    return rows


def leaks(response, url):
    """A's secrets on the page, apart from what the address itself says."""
    body = response.content.decode(errors="replace")
    secrets = (SECRET_COMMENT, "Fraud ML", "bob@acme.example", "Acme", "acme-model")
    return [secret for secret in secrets if secret in body and secret not in url]


def test_every_url_pattern_is_named_and_classified():
    unnamed, unclassified = [], []
    for name, params, pattern in walk(get_resolver()):
        if name is None:
            unnamed.append(pattern)
        elif classify(name, params) is None:
            unclassified.append(name)
    # Only Django's admin has unnamed ones: its redirects to a change page, and its catch-all.
    assert unnamed and all(pattern.startswith("admin/") for pattern in unnamed)
    assert unclassified == [], "new URLs: add each to a rule of tests/security/test_url_walk.py"


@pytest.mark.django_db
def test_the_walk_fills_every_url(world):
    rows = walked(world)
    kinds = {}
    for _name, kind, _url in rows:
        kinds[kind] = kinds.get(kind, 0) + 1
    assert kinds["organisation"] == 82
    assert kinds["admin"] > 50


def assert_kept_out(response, kind, url, anonymous):
    status = response.status_code
    if kind in ("organisation", "account") and anonymous:
        assert status == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url
    elif kind == "organisation":
        assert status == 404, url
    elif kind == "api":
        assert status == (401 if anonymous else 404), url
    elif kind == "api-own":
        assert status in ((401,) if anonymous else (200, 405)), url
    elif kind == "admin":
        assert status == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url
    elif kind == "model" and anonymous:
        assert status == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url
    elif kind in ("token", "model"):
        assert status == 404, url
    else:
        assert status < 500, url
    assert leaks(response, url) == [], url


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("who", ["user of organisation B", "nobody"])
def test_other_organisations_and_nobody_reach_nothing_of_a(client, world, outsider, method, who):
    anonymous = who == "nobody"
    count = 0
    for name, kind, url in walked(world):
        if name in LOGOUT:
            continue  # would end the session the walk goes on with
        if not anonymous:
            client.force_login(outsider, backend="django.contrib.auth.backends.ModelBackend")
        response = getattr(client, method)(url)
        assert_kept_out(response, kind, url, anonymous)
        count += 1
    assert count > 100


def team_scoped(name, url, world):
    """Does the URL address the Fraud ML team or one of its things?"""
    team = world["team"]
    if name.startswith("api:"):
        assessment = world["objects"]["assessments"]
        return f"/teams/{team.pk}/" in url or f"/assessments/{assessment}/" in url
    return f"/teams/{team.slug}/" in url or (
        name in ("reports:progress", "reports:download", "reports:retry")
        and f"/{world['objects']['report']}/" in url
    )


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_viewer_of_another_team_reaches_nothing_of_this_team(client, world, method):
    """A's own people see A, but a viewer of Forecasting nothing of Fraud ML's."""
    client.force_login(
        world["viewer_elsewhere"], backend="django.contrib.auth.backends.ModelBackend"
    )
    scoped = 0
    for name, kind, url in walked(world):
        if name in LOGOUT or kind not in ("organisation", "api"):
            continue
        response = getattr(client, method)(url)
        if team_scoped(name, url, world):
            # An API endpoint without the method answers 405 for any id: that tells nothing.
            allowed = (404, 405) if kind == "api" and method == "post" else (404,)
            assert response.status_code in allowed, url
            scoped += 1
        else:
            # What they may do in the organisation is the role matrix's matter; here: no
            # server error, and nothing of the other team on the page.
            assert response.status_code < 500, url
        body = response.content.decode(errors="replace")
        assert SECRET_COMMENT not in body, url
        assert "Fraud ML" not in body, url
    assert scoped == 32


@pytest.mark.django_db
def test_every_post_needs_the_csrf_token(world, admin):
    """With CSRF checks on, as the browser has them, a POST without the token changes nothing."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    checked = 0
    for name, kind, url in walked(world):
        if kind in ("organisation", "account", "token", "api") or name in LOGOUT:
            response = client.post(url, {"name": "Changed"})
            assert response.status_code == 403, url
            checked += 1
    assert checked > 30


@pytest.mark.django_db
def test_post_only_pages_refuse_get_once_the_thing_is_found(client_for, world, admin):
    """The method is checked after the lookup (a hidden thing is a 404 whatever the method)."""
    client = client_for(admin)
    # Not submit and a round's close: their GET asks first.
    for name in (
        "assessments:facilitator",
        "dashboards:targets",
        "rounds:remind",
        "rounds:remind_team",
        "plans:take",
        "plans:status",
        "webhooks:resend",
    ):
        url = next(url for walked_name, _kind, url in walked(world) if walked_name == name)
        assert client.get(url).status_code == 405, url
    retry = next(url for name, _k, url in walked(world) if name == "reports:retry")
    assert client.get(retry).status_code == 405
