"""The settings module chooses its database, queue and cache from the environment."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from config.env import env_bool, parse_database_url

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = ROOT / "config" / "settings.py"
VARIABLES = [
    "DATABASE_URL",
    "REDIS_URL",
    "DEBUG",
    "SECRET_KEY",
    "EMAIL_HOST",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
]


@pytest.fixture
def load_settings(monkeypatch):
    """Evaluate config/settings.py afresh under the given environment."""

    def load(**env):
        for name in VARIABLES:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("SECRET_KEY", "x" * 50)
        monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)  # this process may be one
        for name, value in env.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS_FILE))

    return load


def test_default_is_sqlite_in_the_project_with_tasks_in_process(load_settings):
    settings = load_settings()

    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(ROOT / "db.sqlite3")
    assert settings["CELERY_TASK_ALWAYS_EAGER"] is True
    assert settings["CELERY_TASK_EAGER_PROPAGATES"] is True
    assert settings["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert settings["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_postgres_url_selects_psycopg_with_persistent_checked_connections(load_settings):
    settings = load_settings(DATABASE_URL="postgres://app:s%40cret@db.internal:6543/maturity")

    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == (
        "maturity",
        "app",
        "s@cret",
    )
    assert (database["HOST"], database["PORT"]) == ("db.internal", "6543")
    assert database["CONN_MAX_AGE"] > 0
    assert database["CONN_HEALTH_CHECKS"] is True


def test_redis_url_selects_broker_and_redis_cache(load_settings):
    settings = load_settings(REDIS_URL="redis://127.0.0.1:6379/3")

    assert settings["CELERY_TASK_ALWAYS_EAGER"] is False
    assert settings["CELERY_BROKER_URL"] == "redis://127.0.0.1:6379/3"
    assert settings["CACHES"]["default"]["BACKEND"].endswith("RedisCache")


def test_no_task_is_lost_and_none_runs_twice(load_settings):
    settings = load_settings(REDIS_URL="redis://127.0.0.1:6379/3")

    assert settings["CELERY_TASK_ACKS_LATE"] is True
    assert settings["CELERY_TASK_REJECT_ON_WORKER_LOST"] is True
    assert settings["CELERY_WORKER_PREFETCH_MULTIPLIER"] == 1
    visibility = settings["CELERY_BROKER_TRANSPORT_OPTIONS"]["visibility_timeout"]
    assert settings["CELERY_TASK_SOFT_TIME_LIMIT"] < settings["CELERY_TASK_TIME_LIMIT"]
    assert settings["CELERY_TASK_TIME_LIMIT"] * 5 <= visibility


def test_smtp_when_email_host_is_set(load_settings):
    settings = load_settings(EMAIL_HOST="smtp.example.com")

    assert settings["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert settings["EMAIL_USE_TLS"] is True


def test_hosts_and_origins_are_lists(load_settings):
    settings = load_settings(
        ALLOWED_HOSTS="maturity.example.com, www.example.com",
        CSRF_TRUSTED_ORIGINS="https://maturity.example.com",
    )

    assert settings["ALLOWED_HOSTS"] == ["maturity.example.com", "www.example.com"]
    assert settings["CSRF_TRUSTED_ORIGINS"] == ["https://maturity.example.com"]


def test_missing_secret_key_with_debug_off_refuses_to_start(load_settings):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        load_settings(SECRET_KEY=None, DEBUG="0")


def test_debug_runs_without_a_secret_key(load_settings):
    settings = load_settings(SECRET_KEY=None, DEBUG="1")

    assert settings["DEBUG"] is True
    assert settings["SECRET_KEY"]


def test_manage_py_names_the_missing_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("url", "engine", "name"),
    [
        ("sqlite:///db.sqlite3", "sqlite3", str(ROOT / "db.sqlite3")),
        ("sqlite:////var/lib/app/data.db", "sqlite3", "/var/lib/app/data.db"),
        ("postgresql://u@h/n", "postgresql", "n"),
    ],
)
def test_database_urls(url, engine, name):
    database = parse_database_url(url, ROOT)

    assert database["ENGINE"].endswith(engine)
    assert database["NAME"] == name


@pytest.mark.parametrize("url", ["mysql://u@h/n", "postgres://u@h/", "sqlite:///", "nonsense"])
def test_unusable_database_url_is_refused_by_name(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        parse_database_url(url, ROOT)


def test_env_bool_refuses_what_it_cannot_read(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")

    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG")


@pytest.mark.needs_postgres
@pytest.mark.django_db
def test_suite_runs_on_postgresql_when_database_url_says_so():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]

    assert connection.vendor == "postgresql"
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert int(version.split(".")[0]) >= 13


def test_each_parallel_test_process_has_a_redis_database_of_its_own():
    from config.env import redis_url_for_test_worker

    assert redis_url_for_test_worker("redis://h:6379/10", "gw0") == "redis://h:6379/11"
    assert redis_url_for_test_worker("redis://h:6379/15", "gw1") == "redis://h:6379/1"
    assert redis_url_for_test_worker("redis://h:6379", "gw0") == "redis://h:6379/1"
    assert redis_url_for_test_worker("redis://h:6379/3", "") == "redis://h:6379/3"
    assert redis_url_for_test_worker("", "gw0") == ""
