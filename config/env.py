"""Small helpers that read settings from environment variables.

Every variable the settings read goes through these, so that `.env.example` and the
README can be checked against one list (see `tests/config/test_env_vars.py`).
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def parse_database_url(url, base_dir):
    """Turn `sqlite:///path` or `postgres://user:pass@host:port/name` into a DATABASES entry.

    A relative SQLite path is taken from the project folder, so that `make run` works
    from any working directory.
    """
    parts = urlsplit(url)
    scheme = parts.scheme
    if scheme == "sqlite":
        raw_path = unquote(parts.path)
        if raw_path in ("", "/"):
            raise ImproperlyConfigured("DATABASE_URL sqlite:/// needs a file name")
        # sqlite:///db.sqlite3 is relative, sqlite:////abs/db.sqlite3 absolute.
        path = Path(raw_path[1:])
        if not path.is_absolute():
            path = Path(base_dir) / path
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}
    if scheme in ("postgres", "postgresql", "pgsql"):
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured("DATABASE_URL for PostgreSQL needs a database name")
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "OPTIONS": options,
            # Reuse connections across requests, but check them first, so that a
            # restarted PostgreSQL costs one reconnect and no failed request.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with sqlite:/// or postgres://, not {scheme or url!r}"
    )


def load_env_file(path):
    """Read KEY=VALUE lines of a `.env` file into the environment where it lacks them.

    `make run` writes one with DEBUG=1 and a generated SECRET_KEY, so that local `manage.py`
    commands need no prefix. Variables the environment sets win; `#` starts a comment; a value
    may be quoted. A missing file is nothing.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    found = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.removeprefix("export ").partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name.isidentifier():
            raise ImproperlyConfigured(f"{path}, line {number}: not NAME=value")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        found[name] = value
        os.environ.setdefault(name, value)
    return found


def redis_url_for_test_worker(url, worker=None):
    """In parallel test worker `gwN` (pytest-xdist sets PYTEST_XDIST_WORKER), the Redis URL
    with database (base + N + 1) % 16, so that no worker's cache.clear() or queue meets
    another's; elsewhere the URL as it is."""
    if worker is None:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not url or not worker.startswith("gw") or not worker[2:].isdigit():
        return url
    parts = urlsplit(url)
    base = int(parts.path.lstrip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(base + int(worker[2:]) + 1) % 16}"))
