"""export_org and import_org as commands, into fresh SQLite and PostgreSQL databases."""

import json
import os
import stat
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from tests.transfer.world import (  # noqa: F401
    ROOT,
    everything_counted,
    figures,
    log_in,
    natural,
    rows,
    snapshot,
    wipe,
)
from transfer.exporting import organisation_export

# The commands


def test_the_commands_write_a_private_file_and_refuse_bad_files(rich, tmp_path):
    target = tmp_path / "acme.json"
    call_command("export_org", "acme", "--output", str(target))

    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # it holds password hashes
    assert json.loads(target.read_text(encoding="utf-8")) == organisation_export(rich)
    with pytest.raises(CommandError, match="No organisation “nowhere”"):
        call_command("export_org", "nowhere")
    with pytest.raises(CommandError, match="exists already"):
        call_command("import_org", str(target))
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_org", str(broken))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_org", str(tmp_path / "missing.json"))


def manage(*args, url, check=True):
    """Run manage.py in a new process against the database at `url`."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": "",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "backup-test-key",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=check,
    )


def test_round_trip_through_the_commands_into_a_fresh_sqlite_database(tmp_path):
    old, new = f"sqlite:///{tmp_path / 'old.sqlite3'}", f"sqlite:///{tmp_path / 'new.sqlite3'}"
    exported, again = tmp_path / "demo.json", tmp_path / "again.json"
    for url in (old, new):
        manage("migrate", "--verbosity", "0", url=url)
        manage("load_models", url=url)
    manage("seed_demo", url=old)
    manage("export_org", "demo", "--output", str(exported), url=old)

    imported = manage("import_org", str(exported), url=new)
    manage("export_org", "demo", "--output", str(again), url=new)

    assert "Imported organisation “demo”" in imported.stdout
    assert again.read_bytes() == exported.read_bytes()
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert len(document["assessments"]) > 20 and len(document["targets"]) > 3
    assert any(a["agreed_answers"] for a in document["assessments"])
    # A second import is refused and changes nothing.
    refused = manage("import_org", str(exported), url=new, check=False)
    assert refused.returncode == 1 and "exists already" in refused.stderr
    manage("export_org", "demo", "--output", str(again), url=new)
    assert again.read_bytes() == exported.read_bytes()


def postgres_url(name):
    db = connection.settings_dict
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}/{name}"


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_round_trip_through_the_commands_into_a_fresh_postgresql_database(rich, tmp_path):
    # DATABASE_URL's database is the one this run may use; its tests use test_<name>.
    restore = urlsplit(settings.DATABASE_URL).path.lstrip("/") + "_restore"
    exported, again = tmp_path / "acme.json", tmp_path / "again.json"
    manage(
        "export_org",
        "acme",
        "--output",
        str(exported),
        url=postgres_url(connection.settings_dict["NAME"]),
    )
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{restore}"')
        cursor.execute(f'CREATE DATABASE "{restore}"')
    try:
        url = postgres_url(restore)
        manage("migrate", "--verbosity", "0", url=url)
        manage("load_models", url=url)
        manage("import_org", str(exported), url=url)
        manage("export_org", "acme", "--output", str(again), url=url)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restore}"')

    assert again.read_bytes() == exported.read_bytes()
    assert json.loads(exported.read_text(encoding="utf-8")) == organisation_export(rich)
