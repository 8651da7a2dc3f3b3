"""Moving one organisation: `export_org` writes it as JSON, `import_org` restores it (issue 8).

The round trip is checked three ways: the second export equals the first, every stored field
of every row (compared by natural keys, not by the export's code) is the same, and the
dashboards show the same figures. Then through the real commands into fresh databases.
"""

import copy
import json
import os
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import services as accounts_services
from accounts.models import Invitation, Membership, Organisation, Team, User
from assessments import selectors, services
from assessments.models import (
    AgreedAnswer,
    Answer,
    AreaScore,
    Assessment,
    DimensionScore,
    Reopening,
    Target,
)
from dashboards import selectors as dashboards
from maturity import services as maturity_services
from maturity.models import Area, Characteristic, Dimension, Level, MaturityModel
from reports import exports
from reports import services as report_services
from reports.models import Report
from tests.answers import MODEL_CREATION_1_TO_2, answer_everything
from tests.factories import PASSWORD, MembershipFactory, TeamFactory, UserFactory
from transfer.document import BackupError, dumps
from transfer.exporting import organisation_export
from transfer.importing import organisation_import

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def rich(
    organisation,
    team,
    other_team,
    admin,
    manager,
    member,
    viewer,
    second_member,
    outsider,
    mlops,
    mini_data,
):
    """An organisation with a bit of everything the product stores."""
    # Its own model, published and in use, and a draft of the next version.
    own_data = copy.deepcopy(mini_data) | {"slug": "acme-devops"}
    own = maturity_services.model_upload(
        organisation=organisation, raw=json.dumps(own_data).encode()
    )
    maturity_services.model_publish(model=own)
    maturity_services.model_upload(
        organisation=organisation, raw=json.dumps(own_data | {"version": "2"}).encode()
    )
    maturity_services.models_in_use_set(organisation=organisation, models=[mlops, own])
    TeamFactory(
        organisation=organisation, slug="legacy", name="Legacy", description="Gone.", archived=True
    )
    Membership.objects.get(user=member).teams.add(other_team)
    former = UserFactory(email="fred@acme.example", name="Fred Former")
    MembershipFactory(user=former, organisation=organisation, role="member", teams=[other_team])

    def start(team, model, label, day):
        return services.assessment_start(team=team, model=model, label=label, date=day, by=manager)

    older = start(team, mlops, "2026 Q2", date(2026, 6, 30))
    answer_everything(older, member, level=1)
    services.assessment_submit(assessment=older, by=manager)

    current = start(team, mlops, "2026 Q3", date(2026, 9, 30))
    services.facilitator_set(assessment=current, user=member)
    answer_everything(current, member, level=2)
    services.answer_record(
        assessment=current,
        respondent=member,
        area_key="model-creation",
        level=1,
        ticked=MODEL_CREATION_1_TO_2[:2],
        comment="Pipelines for two of three sources.",
        evidence=["https://wiki.example/acme/pipelines"],
        sequence=5,
    )
    answer_everything(current, second_member, level=3, people=0)
    services.agreed_record(
        assessment=current,
        area_key="people",
        level=1,
        note="Settled in the review.",
        by=member,
    )
    services.assessment_submit(assessment=current, by=manager)
    services.assessment_reopen(assessment=current, by=manager, reason="A typo in people.")
    services.agreed_record(
        assessment=current,
        area_key="model-creation",
        level=1,
        ticked=MODEL_CREATION_1_TO_2[:1],
        by=member,
    )
    services.assessment_submit(assessment=current, by=member)

    reopened = start(team, mlops, "2026 Q4", date(2026, 11, 20))
    answer_everything(reopened, member, level=3)
    services.assessment_submit(assessment=reopened, by=manager)
    services.assessment_reopen(assessment=reopened, by=manager, reason="Wrong quarter.")
    start(team, mlops, "2027 Q1", date(2027, 2, 1))  # a draft without answers

    devops = start(other_team, own, "2026 Q3", date(2026, 9, 15))
    for area in ["collaboration", "delivery", "monitoring"]:
        services.answer_record(assessment=devops, respondent=former, area_key=area, level=1)
    services.assessment_submit(assessment=devops, by=manager)
    # Fred leaves; his answers stay, so his account is part of the organisation's data.
    accounts_services.membership_remove(membership=Membership.objects.get(user=former))

    for team_, dimension, level in [
        (team, "people", 3),
        (team, "people", 4),
        (team, "process", 2),
        (team, "technology", None),
        (other_team, "culture", 2),
    ]:
        services.target_set(team=team_, dimension_key=dimension, level=level, by=manager)

    def invite(email, role="member", teams=()):
        return accounts_services.invitation_create(
            organisation=organisation, email=email, role=role, teams=list(teams), by=admin
        )

    invite("newcomer@example.com", teams=[team, other_team])
    accounts_services.invitation_revoke(invitation=invite("nobody@example.com", role="viewer"))
    accepted = invite("ivy@acme.example", teams=[other_team])
    accounts_services.invitation_accept(token=accepted.token, name="Ivy", password=PASSWORD)

    now = timezone.now()
    Report.objects.create(
        organisation=organisation,
        kind=Report.Kind.ASSESSMENT,
        assessment=current,
        language="de",
        ordered_by=manager,
        state=Report.State.DONE,
        progress=100,
        file="reports/2026/11/acme-fraud-ml-2026-q3.pdf",
        size=48213,
        finished_at=now,
    )
    Report.objects.create(
        organisation=organisation,
        kind=Report.Kind.TEAM,
        team=team,
        ordered_by=manager,
        state=Report.State.FAILED,
        error="WeasyPrint ran out of memory.",
        finished_at=now,
    )
    Report.objects.create(
        organisation=organisation,
        kind=Report.Kind.ORGANISATION,
        ordered_by=admin,
        state=Report.State.DONE,
        progress=100,
        file="reports/2026/11/acme.pdf",
        size=90210,
        finished_at=now,
    )
    return organisation


# What the database holds of an organisation, independent of the export's code: every
# concrete field of every row, foreign keys by natural key, in a stable order.


def natural(obj):
    if obj is None:
        return None
    if isinstance(obj, User):
        return obj.email
    if isinstance(obj, Organisation | Team):
        return obj.slug
    if isinstance(obj, MaturityModel):
        return (obj.slug, obj.version)
    if isinstance(obj, Level | Dimension | Area):
        return (*natural(obj.model), getattr(obj, "key", getattr(obj, "number", None)))
    if isinstance(obj, Assessment):
        return (obj.team.slug, obj.label, obj.date.isoformat(), obj.created_at)
    raise AssertionError(f"no natural key for {obj!r}")


# Not data: a stamp for per-process caches of a model version, moved on by any write.
NOT_DATA = {(MaturityModel, "revised_at")}


def rows(queryset):
    model = queryset.model
    fields = [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and (model, f.name) not in NOT_DATA
    ]
    found = []
    for obj in queryset:
        row = []
        for f in fields:
            value = getattr(obj, f.name)
            row.append(natural(value) if f.is_relation else value)
        for m2m in model._meta.many_to_many:
            if m2m.name in ("groups", "user_permissions"):
                continue
            related = getattr(obj, m2m.name).all()
            if m2m.name == "used_by":
                related = related.filter(pk=obj.organisation_id) if obj.organisation_id else []
            row.append(sorted(natural(r) for r in related))
        found.append(tuple(str(v) if isinstance(v, dict | list) else v for v in row))
    return sorted(found, key=repr)


def snapshot(slug, emails):
    org = {"team__organisation__slug": slug}
    in_assessment = {"assessment__team__organisation__slug": slug}
    own = {"model__organisation__slug": slug}
    return {
        "organisation": rows(Organisation.objects.filter(slug=slug)),
        "users": rows(User.objects.filter(email__in=emails)),
        "teams": rows(Team.objects.filter(organisation__slug=slug)),
        "memberships": rows(Membership.objects.filter(organisation__slug=slug)),
        "invitations": rows(Invitation.objects.filter(organisation__slug=slug)),
        "models": rows(MaturityModel.objects.filter(organisation__slug=slug)),
        "models_in_use": sorted(
            natural(m) for m in MaturityModel.objects.filter(used_by__slug=slug)
        ),
        "levels": rows(Level.objects.filter(**own)),
        "dimensions": rows(Dimension.objects.filter(**own)),
        "areas": rows(Area.objects.filter(**own)),
        "characteristics": rows(Characteristic.objects.filter(**own)),
        "assessments": rows(Assessment.objects.filter(**org)),
        "answers": rows(Answer.objects.filter(**in_assessment)),
        "agreed": rows(AgreedAnswer.objects.filter(**in_assessment)),
        "reopenings": rows(Reopening.objects.filter(**in_assessment)),
        "area_scores": rows(AreaScore.objects.filter(**in_assessment)),
        "dimension_scores": rows(DimensionScore.objects.filter(**in_assessment)),
        "targets": rows(Target.objects.filter(**org)),
        "reports": rows(Report.objects.filter(organisation__slug=slug)),
    }


def figures(slug):
    """What the dashboards and the results export show of the organisation."""
    org = Organisation.objects.get(slug=slug)
    mlops = MaturityModel.objects.get(slug="mlops", version="1")
    filters = dashboards.Filters(model=mlops)
    latest = list(dashboards.teams_with_latest(org, filters))
    scores = dashboards.area_scores([t.latest_id for t in latest if t.latest_id])
    return {
        "latest": [(t.slug, t.latest_score, t.latest_date) for t in latest],
        "area_scores": {t.slug: scores.get(t.latest_id) for t in latest},
        "distribution": dict(dashboards.level_distribution(org, filters)),
        "trend": dashboards.organisation_trend(org, dashboards.Filters()),
        "below_target": dashboards.teams_below_target(org, filters),
        "targets": {
            t.slug: selectors.current_targets(t) for t in Team.objects.filter(organisation=org)
        },
        "results": exports.results_export(org),
    }


def wipe(document):
    """Remove the organisation as if this were an empty database (shared models stay)."""
    org = Organisation.objects.get(slug=document["organisation"]["slug"])
    Assessment.objects.filter(team__organisation=org).delete()
    MaturityModel.objects.filter(organisation=org).delete()
    org.delete()
    User.objects.filter(email__in=[u["email"] for u in document["users"]]).delete()


def everything_counted():
    return [
        m.objects.count()
        for m in (Organisation, User, Team, Membership, Invitation, MaturityModel, Assessment)
    ] + [m.objects.count() for m in (Answer, AgreedAnswer, Reopening, Target, Report)]


def log_in(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_the_export_holds_everything_of_the_organisation_and_nothing_else(rich):
    document = organisation_export(rich)

    assert document["format"] == "maturity-org-export" and document["version"] == 1
    emails = [u["email"] for u in document["users"]]
    # Members, the one who left but answered, the one who joined by invitation; no outsider.
    assert emails == sorted(emails)
    assert {"alice@acme.example", "fred@acme.example", "ivy@acme.example"} <= set(emails)
    assert "charlie@globex.example" not in emails
    assert "fred@acme.example" not in [m["user"] for m in document["memberships"]]
    assert all(u["password"].startswith("md5$") for u in document["users"])
    assert [t["slug"] for t in document["teams"]] == ["forecasting", "fraud-ml", "legacy"]
    models = {(m["content"]["slug"], m["content"]["version"]): m for m in document["models"]}
    assert set(models) == {("acme-devops", "1"), ("acme-devops", "2"), ("mlops", "1")}
    assert models["acme-devops", "2"]["status"] == "draft" and models["acme-devops", "2"]["owned"]
    assert not models["mlops", "1"]["owned"] and models["mlops", "1"]["in_use"]
    assert [a["state"] for a in document["assessments"]] == [
        "submitted",
        "submitted",
        "in_progress",
        "draft",
        "submitted",
    ]
    current = document["assessments"][1]
    assert len(current["reopenings"]) == 1 and len(current["agreed_answers"]) == 2
    assert {a["respondent"] for a in current["answers"]} == {
        "bob@acme.example",
        "dora@acme.example",
    }
    assert current["facilitator"] == "bob@acme.example" and current["is_latest"]
    assert len(current["area_scores"]) == 5 and len(current["dimension_scores"]) == 3
    assert len(document["targets"]) == 5
    assert sorted(i["email"] for i in document["invitations"]) == [
        "ivy@acme.example",
        "newcomer@example.com",
        "nobody@example.com",
    ]
    assert [r["assessment"] for r in document["reports"]] == [2, None, None]
    assert document["reports"][0]["file"] == "reports/2026/11/acme-fraud-ml-2026-q3.pdf"
    assert json.loads(dumps(document)) == document


def test_an_organisation_survives_export_wipe_and_import(rich, client):
    document = json.loads(dumps(organisation_export(rich)))
    emails = [u["email"] for u in document["users"]]
    stored, shown = snapshot("acme", emails), figures("acme")
    assert all(stored.values()), "the test organisation lacks some kind of data"

    wipe(document)
    assert not any(snapshot("acme", emails).values())
    assert MaturityModel.objects.filter(slug="mlops").exists()
    result = organisation_import(document)

    assert organisation_export(result.organisation) == document
    assert snapshot("acme", emails) == stored
    assert figures("acme") == shown
    assert sorted(result.created_users) == emails and result.reused_users == []
    assert result.created_models == [("acme-devops", "1"), ("acme-devops", "2")]
    assert result.counts["assessments"] == 5
    # People log in with their old passwords; the outsider's organisation was not touched.
    assert log_in(client, "mona@acme.example", PASSWORD).status_code == 302
    assert Organisation.objects.filter(slug="globex").exists()


def test_import_and_export_query_counts_do_not_grow_with_the_organisation(rich):
    document = organisation_export(rich)
    bigger = copy.deepcopy(document)
    for n in range(40):  # nine times the assessments, with all their rows
        copied = copy.deepcopy(document["assessments"][n % 5])
        bigger["assessments"].append(copied | {"id": len(bigger["assessments"]) + 1})
    queries = []
    for doc in (document, bigger):
        wipe(doc)
        with CaptureQueriesContext(connection) as imported:
            organisation_import(doc)
        with CaptureQueriesContext(connection) as exported:
            organisation_export(Organisation.objects.get(slug="acme"))
        queries.append((len(imported), len(exported)))

    assert Assessment.objects.filter(team__organisation__slug="acme").count() == 45
    (small_import, small_export), (big_import, big_export) = queries
    assert big_export == small_export
    assert big_import <= small_import + 3  # bulk inserts split into batches on SQLite


def test_a_user_whose_email_exists_is_reused_as_they_are(rich):
    document = organisation_export(rich)
    wipe(document)
    mona = User.objects.create_user("mona@acme.example", name="Mona Elsewhere", password="her own")
    listed = next(u for u in document["users"] if u["email"] == "mona@acme.example")
    listed["email"] = "Mona@ACME.example"  # e-mail addresses compare without case

    result = organisation_import(document)

    assert result.reused_users == ["mona@acme.example"]
    assert "mona@acme.example" not in result.created_users
    mona.refresh_from_db()
    assert mona.name == "Mona Elsewhere" and mona.check_password("her own")
    assert Membership.objects.get(user=mona, organisation=result.organisation).role == "manager"
    assert Assessment.objects.filter(started_by=mona).count() == 5


def test_a_missing_shared_model_is_created_and_a_different_one_refused(rich):
    document = organisation_export(rich)
    wipe(document)
    MaturityModel.objects.filter(slug="mlops").delete()

    result = organisation_import(document)

    assert ("mlops", "1") in result.created_models
    assert MaturityModel.objects.get(slug="mlops").organisation is None
    assert organisation_export(result.organisation) == document

    wipe(document)
    Level.objects.filter(model__slug="mlops", number=4).update(name_en="Something else")
    before = everything_counted()
    with pytest.raises(BackupError) as refused:
        organisation_import(document)
    assert "exists in this database with other content" in str(refused.value)
    assert refused.value.path.endswith(".content")
    assert everything_counted() == before


def test_an_own_model_version_that_exists_is_refused(rich, other_organisation, mini_data):
    document = organisation_export(rich)
    wipe(document)
    maturity_services.model_upload(
        organisation=other_organisation,
        raw=json.dumps(mini_data | {"slug": "acme-devops"}).encode(),
    )
    before = everything_counted()

    with pytest.raises(BackupError, match="version 1 of “acme-devops” exists already"):
        organisation_import(document)

    assert everything_counted() == before


def test_an_organisation_that_exists_is_refused_and_nothing_changes(rich):
    document = organisation_export(rich)
    before = everything_counted()

    with pytest.raises(BackupError) as refused:
        organisation_import(document)

    assert refused.value.path == "$.organisation.slug"
    assert "exists already" in refused.value.message
    assert everything_counted() == before


def test_an_invitation_token_in_use_is_refused(rich):
    document = organisation_export(rich)
    wipe(document)
    other = Organisation.objects.get(slug="globex")
    Invitation.objects.create(
        organisation=other,
        email="x@example.com",
        token=document["invitations"][0]["token"],
        expires_at=timezone.now() + timedelta(days=1),
    )
    before = everything_counted()

    with pytest.raises(BackupError, match="token is in use"):
        organisation_import(document)

    assert everything_counted() == before


def test_a_report_that_was_not_finished_can_be_ordered_again_after_import(rich):
    document = organisation_export(rich)
    document["reports"][1] |= {"state": "queued", "error": "", "finished_at": None}
    wipe(document)

    organisation_import(document)

    report = Report.objects.get(organisation__slug="acme", kind="team")
    assert report.state == Report.State.FAILED and report.error
    report_services.report_retry(report=report)  # the failed report is ordered again


def _set(document, path, value):
    *parents, last = path
    target = document
    for key in parents:
        target = target[key]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value


DELETE = object()
BROKEN = [
    # (where, new value, the path the error names, words of the message)
    (("format",), "something-else", "$.format", "not an organisation export"),
    (("version",), 2, "$.version", "format version 2 is not known"),
    (("teams",), DELETE, "$.teams", "missing"),
    (("surprise",), 1, "$.surprise", "unknown key"),
    (("organisation", "slug"), "Not A Slug", "$.organisation.slug", "slug"),
    (("users", 0, "email"), "not-an-address", "$.users[0].email", "valid email"),
    (("users", 1, "email"), "alice@acme.example", "$.users[1].email", "listed twice"),
    (("teams", 0, "archived"), "no", "$.teams[0].archived", "true or false"),
    (("memberships", 0, "role"), "owner", "$.memberships[0].role", "not a valid choice"),
    (("memberships", 0, "teams"), ["nowhere"], "$.memberships[0].teams[0]", "no team"),
    (("invitations", 0, "expires_at"), "soon", "$.invitations[0].expires_at", "format"),
    (("models", 0, "content", "levels"), [], "$.models[0].content.levels", "must not be empty"),
    (("assessments", 0, "team"), "nowhere", "$.assessments[0].team", "no team"),
    (("assessments", 0, "model"), ["mlops", "9"], "$.assessments[0].model", "no model"),
    (("assessments", 1, "id"), 1, "$.assessments[1].id", "not used by another"),
    (("assessments", 0, "date"), "2026-02-30", "$.assessments[0].date", "invalid date"),
    (("assessments", 0, "started_by"), "who@x.example", "$.assessments[0].started_by", "no user"),
    (
        ("assessments", 4, "answers", 0, "area"),
        "people",
        "$.assessments[4].answers[0].area",
        "no area",
    ),
    (
        ("assessments", 1, "answers", 0, "level"),
        7,
        "$.assessments[1].answers[0].level",
        "not a level",
    ),
    (
        ("assessments", 1, "answers", 0, "ticked"),
        ["x"],
        "$.assessments[1].answers[0].ticked",
        "characteristics",
    ),
    (
        ("assessments", 1, "answers", 1, "evidence"),
        ["javascript:alert(1)"],
        "$.assessments[1].answers[1].evidence[0]",
        "web address",
    ),
    (
        ("assessments", 1, "reopenings", 0, "at"),
        "2026-09-30T12:00:00",
        "$.assessments[1].reopenings[0].at",
        "time zone",
    ),
    (("targets", 0, "level"), "3", "$.targets[0].level", "whole number"),
    (("reports", 0, "assessment"), 99, "$.reports[0].assessment", "no assessment 99"),
    (("reports", 0, "kind"), "poster", "$.reports[0].kind", "not a valid choice"),
]


@pytest.mark.parametrize(("where", "value", "path", "words"), BROKEN, ids=lambda v: str(v)[:40])
def test_a_broken_document_is_refused_by_path_and_nothing_is_written(
    rich, where, value, path, words
):
    document = organisation_export(rich)
    wipe(document)
    _set(document, where, value)
    before = everything_counted()

    with pytest.raises(BackupError) as refused:
        organisation_import(document)

    assert refused.value.path == path
    assert words in refused.value.message
    assert everything_counted() == before


@pytest.mark.parametrize("document", [[], "text", None, {"format": "maturity-org-export"}])
def test_what_is_no_export_at_all_is_refused(db, document):
    with pytest.raises(BackupError):
        organisation_import(document)


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
