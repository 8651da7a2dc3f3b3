"""Shared fixtures: the people of STYLE.md (admin, manager, member, viewer, outsider).

Tests marked `needs_postgres` or `needs_redis` skip, saying why, when the service is not
configured; with REQUIRE_SERVICES=1 (CI) they fail instead, so CI always proves them.
"""

import copy
import json
import os
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from assessments import services
from maturity.interchange import import_model
from maturity.models import MaturityModel
from tests.factories import MembershipFactory, OrganisationFactory, TeamFactory, UserFactory
from tests.workers import redis_worker  # noqa: F401 - a fixture for the worker tests

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES", "").lower() in ("1", "true", "yes")


def _postgres_problem():
    if connection.vendor != "postgresql":
        return "DATABASE_URL does not point to PostgreSQL"
    return None


def _redis_problem():
    if not settings.REDIS_URL:
        return "REDIS_URL is not set"
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"Redis at {settings.REDIS_URL} does not answer: {error}"
    return None


def _chromium_problem():
    if not os.path.exists("/usr/bin/chromium"):
        return "Debian's Chromium is not installed (apt-get install -y chromium)"
    return None


SERVICE_CHECKS = {
    "browser": ("a browser", _chromium_problem),
    "needs_postgres": ("PostgreSQL", _postgres_problem),
    "needs_redis": ("Redis", _redis_problem),
}


# Left out of `make check` (the fast loop); `make test` runs them all. Measured: each of these
# modules spends seconds per test (real processes, real servers, many generated examples).
SLOW_MODULES = {
    "tests/security/test_fuzz.py",
    "tests/transfer/test_commands.py",
    "tests/config/test_deploy_check.py",
    "tests/config/test_celery_worker.py",
    "tests/reports/test_report_worker.py",
    "tests/test_bench_load.py",
    "tests/migrations/test_carry_forward.py",
}


def pytest_collection_modifyitems(config, items):
    root = Path(__file__).resolve().parent.parent
    for item in items:
        path = Path(item.fspath).resolve().relative_to(root).as_posix()
        if path.startswith("tests/faults/"):
            item.add_marker(pytest.mark.faults)
        if path in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


def pytest_runtest_setup(item):
    for marker, (service, check) in SERVICE_CHECKS.items():
        if item.get_closest_marker(marker):
            problem = check()
            if problem and REQUIRE_SERVICES:
                pytest.fail(f"{service} is required (REQUIRE_SERVICES=1): {problem}")
            if problem:
                pytest.skip(f"needs {service} ({problem}; CI runs it with REQUIRE_SERVICES=1)")


@pytest.fixture(autouse=True)
def tasks_in_process(request):
    """Run Celery tasks in process, except in tests that exercise a real worker."""
    from config.celery import app

    if request.node.get_closest_marker("needs_redis"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Acme", slug="acme")


@pytest.fixture
def team(organisation):
    return TeamFactory(organisation=organisation, name="Fraud ML", slug="fraud-ml")


@pytest.fixture
def other_team(organisation):
    return TeamFactory(organisation=organisation, name="Forecasting", slug="forecasting")


def _member(organisation, role, teams=(), email=None):
    user = UserFactory(**({"email": email} if email else {}))
    MembershipFactory(user=user, organisation=organisation, role=role, teams=teams)
    return user


@pytest.fixture
def admin(organisation):
    return _member(organisation, "admin", email="alice@acme.example")


@pytest.fixture
def manager(organisation):
    return _member(organisation, "manager", email="mona@acme.example")


@pytest.fixture
def member(organisation, team):
    return _member(organisation, "member", teams=[team], email="bob@acme.example")


@pytest.fixture
def viewer(organisation, team):
    return _member(organisation, "viewer", teams=[team], email="vic@acme.example")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Globex", slug="globex")


@pytest.fixture
def outsider(other_organisation):
    """An admin of another organisation: may do everything there and nothing here."""
    return _member(other_organisation, "admin", email="charlie@globex.example")


@pytest.fixture
def client_for(client):
    def login_as(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login_as


@pytest.fixture(autouse=True)
def empty_cache():
    # Cached dashboard figures must not leak from one test's organisation into another's.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    # A request in German leaves German active in the thread (LocaleMiddleware activates the
    # request's language and nothing deactivates it): each test starts in the default one.
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher costs ~0.3 s a password; tests of behaviour do not need its strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


ROOT = Path(__file__).resolve().parents[1]
SEED_FIXTURE = ROOT / "maturity" / "fixtures" / "mlops-1.json"
# A second, small model: nothing in the code may be MLOps-specific.
MINI = ROOT / "tests" / "maturity" / "devops-mini.json"


@pytest.fixture
def mini_data():
    return json.loads(MINI.read_text(encoding="utf-8"))


@pytest.fixture
def seed_data():
    return json.loads(SEED_FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture
def mini_model(db, mini_data):
    return import_model(copy.deepcopy(mini_data), status=MaturityModel.Status.PUBLISHED)


@pytest.fixture
def mlops(db):
    from django.core.management import call_command

    call_command("load_models", verbosity=0)
    return MaturityModel.objects.get(slug="mlops", version="1")


@pytest.fixture
def model_in_use(organisation, mlops):
    organisation.models_in_use.add(mlops)
    return mlops


@pytest.fixture
def assessment(team, model_in_use, manager):
    return services.assessment_start(
        team=team, model=model_in_use, label="2026 Q4", date=date(2026, 11, 20), by=manager
    )


@pytest.fixture
def second_member(organisation, team):
    user = UserFactory(email="dora@acme.example", name="Dora")
    MembershipFactory(user=user, organisation=organisation, role="member", teams=[team])
    return user
