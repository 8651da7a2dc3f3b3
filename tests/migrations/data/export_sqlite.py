"""Write a SQLite database's rows as JSON that any database can load (see README.md).

    python tests/migrations/data/export_sqlite.py OLD.sqlite3 COMMIT > tests/migrations/data/COMMIT.json

Every table but SQLite's own is written, empty ones too (the test clears them and checks
the schema against them): its columns with their declared types, and its rows in key order.
The applied migrations are the django_migrations rows (app, name), without their dates.
"""

import json
import sqlite3
import sys


def export(path, commit):
    db = sqlite3.connect(path)
    names = [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    tables = {}
    for name in names:
        info = db.execute(f'PRAGMA table_info("{name}")').fetchall()
        columns = [[column[1], column[2].lower()] for column in info]
        keys = [column[1] for column in sorted(info, key=lambda c: c[5]) if column[5]]
        order = ", ".join(f'"{key}"' for key in keys) or "rowid"
        quoted = ", ".join(f'"{column}"' for column, _ in columns)
        rows = db.execute(f'SELECT {quoted} FROM "{name}" ORDER BY {order}').fetchall()
        tables[name] = {"columns": columns, "rows": [list(row) for row in rows]}
    migrations = db.execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall()
    return {
        "commit": commit,
        "vendor": "sqlite",
        "migrations": [list(row) for row in migrations],
        "tables": tables,
    }


if __name__ == "__main__":
    json.dump(
        export(sys.argv[1], sys.argv[2]), sys.stdout, ensure_ascii=False, separators=(",", ":")
    )
    sys.stdout.write("\n")
