"""What the PostgreSQL benchmarks share: the database check, Django's set-up and a query
counter. Each script puts the project on sys.path before importing this (run as a script, only
bench/ is on it)."""

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def require_postgres(script, note=""):
    """Exit with a message unless DATABASE_URL names PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in ("postgres", "postgresql", "pgsql"):
        print(
            f"bench/{script} needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/name "
            f"(now: {url or 'not set, i.e. SQLite'}).{note}",
            file=sys.stderr,
        )
        sys.exit(2)


def setup_django(*, secret_key="bench-only-secret-key", test_client=False):
    """Django as production runs it (DEBUG off unless set); `test_client` lets Django's test
    client through ALLOWED_HOSTS."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", secret_key)
    os.environ.setdefault("DEBUG", "0")
    if test_client:
        os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()


@contextmanager
def counted_queries():
    """Counts the SQL statements run meanwhile (transaction control aside), without keeping
    their text as Django's debug cursor would (bulk inserts are large)."""
    from django.db import connection

    count = [0]

    def count_one(execute, sql, params, many, context):
        if not sql.lstrip().upper().startswith(CONTROL):
            count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count_one):
        yield count
