"""A database made at commit 9928ea3 (before Report moved from assessments to reports, and
dashboards, transfer and demo were split off) is carried forward by today's migrations with
nothing lost.

The old database is data/9928ea3.json: every table of the old schema with its columns and
rows, exported from a SQLite database that the old code built (see data/README.md). The test
migrates the test database back to the old migration state, checks that its schema is the old
one, replaces every row with the old rows, migrates forward to the latest migrations and
compares: every old row is still there, column by column (in the renamed table for reports,
the renamed column for answers' revisions; stored scores are scored again by assessments.0009),
the models read them, the content type followed Report, and new rows get fresh keys.

It runs on the configured database: SQLite locally, PostgreSQL in CI (DATABASE_URL).
"""

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

ROOT = Path(__file__).resolve().parents[2]
OLD = json.loads((Path(__file__).parent / "data" / "9928ea3.json").read_text(encoding="utf-8"))
OLD_TABLES = OLD["tables"]
# Tables renamed since: old name -> today's name.
RENAMED = {"assessments_report": "reports_report"}
# Columns renamed since: (old table, old name) -> today's name (assessments.0008).
RENAMED_COLUMNS = {("assessments_answer", "sequence"): "revision"}
# Rows meant to change: the content type of Report takes its new app label (reports.0002).
MOVED_TYPES = {("assessments", "report"): ("reports", "report")}
# Columns meant to change: assessments.0009 scores again from the reached level (its own test,
# test_scores_from_reached_levels.py, checks the new values); compared here without them.
RESCORED = {
    "assessments_areascore": {"level", "score"},
    "assessments_dimensionscore": {"level", "score"},
    "assessments_assessment": {"overall_score", "overall_level"},
}
# Not replaced: the migration state is set by migrating, and compared instead.
RECORDER_TABLE = "django_migrations"

pytestmark = pytest.mark.django_db(transaction=True)


def project_apps():
    """The project's own apps (not Django's or third parties'): those the restructure moved."""
    return {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(ROOT)
    }


def old_targets(executor):
    """Per project app with migrations, the last migration the old database had, or None."""
    graph = executor.loader.graph
    applied = {tuple(row) for row in OLD["migrations"]}
    targets = []
    for label in sorted(project_apps() & executor.loader.migrated_apps):
        names = [name for app, name in applied if app == label]
        if not names:
            targets.append((label, None))
            continue
        targets.append(max(((label, n) for n in names), key=lambda n: len(graph.forwards_plan(n))))
    return targets


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)  # a fresh loader reads the new state


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def columns_now(table):
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
    return [column.name for column in description]


def value(raw, declared):
    """An old SQLite value as the configured database takes it (and gives it back)."""
    if raw is None or connection.vendor == "sqlite":
        return raw
    if declared == "bool":
        return bool(raw)
    if declared == "datetime":  # SQLite keeps them as naive UTC text
        moment = datetime.fromisoformat(raw)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if declared == "date":
        return date.fromisoformat(raw)
    return raw


def old_rows(table):
    declared = [kind for _, kind in OLD_TABLES[table]["columns"]]
    return [
        tuple(value(raw, kind) for raw, kind in zip(row, declared, strict=True))
        for row in OLD_TABLES[table]["rows"]
    ]


def json_columns():
    """(table, column) of today's JSON fields: text on SQLite, jsonb on PostgreSQL."""
    return {
        (model._meta.db_table, field.column)
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.concrete_fields
        if field.get_internal_type() == "JSONField"
    }


def comparable(raw, declared):
    """A value read back from either database, in one form: SQLite's driver gives some
    columns back as text and others parsed by their declared type, PostgreSQL's parses all
    (and keeps JSON as jsonb, its keys in its own order)."""
    if raw is None:
        return raw
    if declared == "json":
        return json.loads(raw) if isinstance(raw, str) else raw
    if declared == "bool":
        return bool(raw)
    if declared == "datetime":
        moment = datetime.fromisoformat(raw) if isinstance(raw, str) else raw
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if declared == "date":
        return date.fromisoformat(raw) if isinstance(raw, str) else raw
    return raw


def rows_then_and_now(table):
    """The old table's rows as the old database held them, and as today's table holds them."""
    quote = connection.ops.quote_name
    json_now = json_columns()
    columns = [
        (name, "json" if (RENAMED.get(table, table), name) in json_now else kind)
        for name, kind in OLD_TABLES[table]["columns"]
    ]
    with connection.cursor() as cursor:
        names = [RENAMED_COLUMNS.get((table, name), name) for name, _ in columns]
        cursor.execute(
            f"SELECT {', '.join(quote(name) for name in names)} "
            f"FROM {quote(RENAMED.get(table, table))} ORDER BY 1"
        )
        now = cursor.fetchall()

    rescored = RESCORED.get(table, set())

    def rows(raw_rows):
        return [
            tuple(
                None if name in rescored else comparable(raw, kind)
                for raw, (name, kind) in zip(row, columns, strict=True)
            )
            for row in raw_rows
        ]

    then = OLD_TABLES[table]["rows"]
    if table == "django_content_type":
        then = [[key, *MOVED_TYPES.get(tuple(natural), natural)] for key, *natural in then]
    return rows(then), rows(now)


def load_old_rows():
    """Replace every row of the old schema's tables with the old database's rows.

    In one transaction: Django's foreign keys are deferred on SQLite and PostgreSQL, so the
    order of the tables does not matter and the keys are checked at commit.
    """
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table in OLD_TABLES:
            if table != RECORDER_TABLE:
                cursor.execute(f"DELETE FROM {quote(table)}")
        for table, data in OLD_TABLES.items():
            if table == RECORDER_TABLE or not data["rows"]:
                continue
            columns = [name for name, _ in data["columns"]]
            cursor.executemany(
                f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
                f"VALUES ({', '.join(['%s'] * len(columns))})",
                old_rows(table),
            )
    if connection.vendor == "postgresql":
        # As in the old database, the next key follows the largest one.
        with connection.cursor() as cursor:
            for table, data in OLD_TABLES.items():
                if table != RECORDER_TABLE and "id" in [name for name, _ in data["columns"]]:
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                        f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {quote(table)}",
                        [table],
                    )


def old_count(table):
    return len(OLD_TABLES[table]["rows"])


def old_records(table):
    names = [name for name, _ in OLD_TABLES[table]["columns"]]
    return {row[0]: dict(zip(names, row, strict=True)) for row in old_rows(table)}


@pytest.fixture
def old_database(transactional_db):
    """The test database migrated back to 9928ea3's migrations, and to the latest ones after
    the test whatever happened (before pytest-django empties it), so later tests find it as
    they expect."""
    from django.contrib.contenttypes.models import ContentType

    try:
        executor = migrate(old_targets(MigrationExecutor(connection)))
        yield executor
    finally:
        migrate(latest())
        ContentType.objects.clear_cache()


def test_the_old_state_is_the_old_schema(old_database):
    recorded = {
        key for key in old_database.recorder.applied_migrations() if key[0] in project_apps()
    }
    assert recorded == {tuple(row) for row in OLD["migrations"] if row[0] in project_apps()}
    assert set(connection.introspection.table_names()) == set(OLD_TABLES)
    for table, data in OLD_TABLES.items():
        old_columns = {name for name, _ in data["columns"]}
        if table.split("_")[0] in project_apps():
            assert set(columns_now(table)) == old_columns, table
        else:  # Django's and third parties' tables may gain columns in a minor release
            assert old_columns <= set(columns_now(table)), table


def test_a_9928ea3_database_is_carried_forward_with_nothing_lost(old_database):
    from django.contrib.admin.models import LogEntry
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import Invitation, Membership, Organisation, Team, User
    from assessments import selectors
    from assessments.models import (
        AgreedAnswer,
        Answer,
        AreaScore,
        Assessment,
        DimensionScore,
        Reopening,
        Target,
    )
    from maturity.models import MaturityModel
    from reports.models import Report

    load_old_rows()
    executor = migrate(latest())
    ContentType.objects.clear_cache()

    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    tables = set(connection.introspection.table_names())
    assert "reports_report" in tables
    assert "assessments_report" not in tables

    # Every old row, every old column, in the table that holds it today (one change meant).
    for table in OLD_TABLES:
        if table == RECORDER_TABLE:
            continue
        then, now = rows_then_and_now(table)
        assert now == then, table

    # Today's models read them: one count per model, from its old table.
    counted = {
        User: "accounts_user",
        Organisation: "accounts_organisation",
        Team: "accounts_team",
        Membership: "accounts_membership",
        Invitation: "accounts_invitation",
        MaturityModel: "maturity_maturitymodel",
        Assessment: "assessments_assessment",
        Answer: "assessments_answer",
        AgreedAnswer: "assessments_agreedanswer",
        Reopening: "assessments_reopening",
        AreaScore: "assessments_areascore",
        DimensionScore: "assessments_dimensionscore",
        Target: "assessments_target",
        Report: "assessments_report",
        LogEntry: "django_admin_log",
    }
    for model, table in counted.items():
        assert old_count(table) > 0, f"the fixture holds no {table} rows"
        assert model.objects.count() == old_count(table), model.__name__
    assert Membership.teams.through.objects.count() == old_count("accounts_membership_teams")
    assert Organisation.objects.get().slug == "demo"

    reports = old_records("assessments_report")
    assert {report["state"] for report in reports.values()} >= {"done", "failed", "queued"}
    for report in Report.objects.all():
        old = reports[report.pk]
        assert (report.state, report.error, report.file.name, report.size) == (
            old["state"],
            old["error"],
            old["file"],
            old["size"],
        )
        assert (report.organisation_id, report.team_id, report.assessment_id) == (
            old["organisation_id"],
            old["team_id"],
            old["assessment_id"],
        )
        assert report.organisation.slug == "demo"
    assert Report.objects.filter(state="done").exclude(file="").count() == sum(
        1 for report in reports.values() if report["state"] == "done" and report["file"]
    )

    assessments = old_records("assessments_assessment")
    for assessment in Assessment.objects.all():
        old = assessments[assessment.pk]
        assert assessment.state == old["state"]
        assert assessment.is_latest == bool(old["is_latest"])
        # Scored again by assessments.0009: what today's rule makes of the old answers.
        stored = old["overall_score"] is not None
        expected = selectors.result(assessment).overall if stored else None
        assert assessment.overall_score == (expected.score if expected else None)
        assert assessment.overall_level == (expected.level if expected else None)
    targets = old_records("assessments_target")
    for target in Target.objects.all():
        assert (target.level, target.current) == (
            targets[target.pk]["level"],
            bool(targets[target.pk]["current"]),
        )
    reopened = Reopening.objects.get()
    assert reopened.reason == old_records("assessments_reopening")[reopened.pk]["reason"]

    # The content type followed the model, with its key: the admin log and permissions too.
    old_type = next(
        row
        for row in OLD_TABLES["django_content_type"]["rows"]
        if row[1:] == ["assessments", "report"]
    )
    report_type = ContentType.objects.get(app_label="reports", model="report")
    assert report_type.pk == old_type[0]
    assert not ContentType.objects.filter(app_label="assessments", model="report").exists()
    assert report_type.model_class() is Report
    entry = LogEntry.objects.get(content_type=report_type)
    assert entry.get_edited_object() == Report.objects.get(pk=int(entry.object_id))
    assert Permission.objects.filter(content_type=report_type, codename="view_report").exists()

    # New rows get fresh keys (the sequences followed, on PostgreSQL through the rename).
    organisation = Organisation.objects.get()
    report = Report.objects.create(organisation=organisation, kind="organisation")
    assert report.pk > max(reports)
    team = Team.objects.create(organisation=organisation, name="New team", slug="new-team")
    assert team.pk > max(old_records("accounts_team"))
