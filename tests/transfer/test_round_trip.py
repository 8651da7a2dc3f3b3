"""Moving one organisation: `export_org` writes it as JSON, `import_org` restores it (issue 8).

The round trip is checked three ways: the second export equals the first, every stored field
of every row (compared by natural keys, not by the export's code) is the same, and the
dashboards show the same figures. Then through the real commands into fresh databases.
"""

import copy
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Invitation, Membership, Organisation, User
from assessments.models import (
    Assessment,
)
from maturity.models import Level, MaturityModel
from reports import services as report_services
from reports.models import Report
from rounds import sending
from rounds.models import Mail
from tests.factories import PASSWORD
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
from transfer.document import BackupError, dumps
from transfer.exporting import organisation_export
from transfer.importing import organisation_import


def test_the_export_holds_everything_of_the_organisation_and_nothing_else(rich):
    document = organisation_export(rich)

    assert document["format"] == "maturity-org-export" and document["version"] == 3
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
    assert [(a["state"], a["carried_from"]) for a in document["assessments"]] == [
        ("submitted", None),
        ("submitted", 1),
        ("submitted", 2),  # reopened, adopted by a round and submitted at its deadline
        ("draft", None),
        ("submitted", None),
        ("in_progress", None),  # late in the round
        ("draft", 5),  # opened by the scheduled round, from the team's last of the model
    ]
    assert [a["anonymous"] for a in document["assessments"]] == [0, 0, 1, 0, 0, 1, 0]
    current = document["assessments"][1]
    assert len(current["reopenings"]) == 1 and len(current["agreed_answers"]) == 2
    assert {a["respondent"] for a in current["answers"]} == {
        "bob@acme.example",
        "dora@acme.example",
    }
    assert current["facilitator"] == "bob@acme.example"
    assert [a["is_latest"] for a in document["assessments"]] == [0, 0, 1, 0, 1, 0, 0]
    assert len(current["area_scores"]) == 5 and len(current["dimension_scores"]) == 3
    assert len(document["targets"]) == 5
    assert sorted(i["email"] for i in document["invitations"]) == [
        "ivy@acme.example",
        "newcomer@example.com",
        "nobody@example.com",
    ]
    assert [r["assessment"] for r in document["reports"]] == [2, None, None, None]
    assert [r["round"] for r in document["reports"]] == [None, None, None, "Winter 2026"]
    assert document["reports"][0]["file"] == "reports/2026/11/acme-fraud-ml-2026-q3.pdf"
    users = {u["email"]: u for u in document["users"]}
    assert users["bob@acme.example"]["language"] == "de"
    assert not users["dora@acme.example"]["email_reminders"]
    winter, spring = document["rounds"]
    assert (winter["label"], winter["anonymous"], winter["reminder_days"]) == (
        "Winter 2026",
        True,
        [7, 3, 1],
    )
    assert winter["closed_by"] == "alice@acme.example" and winter["deadline_passed_at"]
    assert [(e["team"], e["assessment"], e["adopted"], e["late"]) for e in winter["entries"]] == [
        ("fraud-ml", 3, True, False),
        ("forecasting", 6, False, True),
    ]
    mails = [
        (m["user"], m["kind"], m["key"], bool(m["sent_at"])) for m in winter["entries"][1]["mails"]
    ]
    assert mails == [
        ("bob@acme.example", "invitation", "", True),
        ("ivy@acme.example", "invitation", "", True),
        ("bob@acme.example", "reminder", "3", True),
        ("bob@acme.example", "nudge", mails[3][2], True),
    ]
    assert [r["user"] for r in winter["entries"][0]["respondents"]] == [
        "bob@acme.example",
        "dora@acme.example",
    ]
    assert spring["invited_at"] is None and spring["closed_by"] is None
    assert spring["model"] == ["acme-devops", "1"] and not spring["entries"][0]["mails"]
    assert [
        (a["team"], a["status"], a["owner"], bool(a["characteristic"])) for a in document["actions"]
    ] == [
        ("fraud-ml", "done", "bob@acme.example", True),
        ("fraud-ml", "dropped", None, True),
        ("forecasting", "open", "bob@acme.example", False),
    ]
    assert (
        document["actions"][0]["model"] == ["mlops", "1"]
        and document["actions"][0]["assessment"] == 2
    )
    assert [(d["user"], d["week"]) for d in document["digests"]] == [
        ("bob@acme.example", "2026-W48")
    ]
    assert not users["dora@acme.example"]["email_digest"]
    assert all(g["characteristic_key"] for g in current["step_gaps"]) and current["step_gaps"]
    assert json.loads(dumps(document)) == document


def test_an_organisation_survives_export_wipe_and_import(rich, client, mailoutbox):
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
    assert result.counts["assessments"] == 7 and result.counts["rounds"] == 2
    # Its rounds e-mail nobody again: what was sent stays sent, and the one never sent (to
    # dora, in the round that closed since) is dropped rather than sent.
    mailoutbox.clear()
    recorded = Mail.objects.filter(round__organisation__slug="acme")
    unsent = list(recorded.filter(sent_at=None).values_list("user__email", flat=True))
    assert unsent == ["dora@acme.example"]
    sending.send(recorded.values_list("pk", flat=True))
    assert mailoutbox == [] and not recorded.filter(sent_at=None).exists()
    # People log in with their old passwords; the outsider's organisation was not touched.
    assert log_in(client, "mona@acme.example", PASSWORD).status_code == 302
    assert Organisation.objects.filter(slug="globex").exists()


def test_import_and_export_query_counts_do_not_grow_with_the_organisation(rich):
    document = organisation_export(rich)
    bigger = copy.deepcopy(document)
    # A team has one open assessment per model and a label once: copy the submitted ones.
    submitted = [a for a in document["assessments"] if a["state"] == "submitted"]
    for n in range(40):  # nine times the assessments, with all their rows
        copied = copy.deepcopy(submitted[n % len(submitted)])
        copied |= {"id": len(bigger["assessments"]) + 1, "label": f"{copied['label']} ({n})"}
        bigger["assessments"].append(copied)
        # and a round for it, with the respondents and e-mails of the first round's first team
        first = document["rounds"][0]
        entry = first["entries"][0] | {"team": copied["team"], "assessment": copied["id"]}
        bigger["rounds"].append(
            first | {"label": f"Round {n}", "model": copied["model"], "entries": [entry]}
        )
    queries = []
    for doc in (document, bigger):
        wipe(doc)
        with CaptureQueriesContext(connection) as imported:
            organisation_import(doc)
        with CaptureQueriesContext(connection) as exported:
            organisation_export(Organisation.objects.get(slug="acme"))
        queries.append((len(imported), len(exported)))

    assert Assessment.objects.filter(team__organisation__slug="acme").count() == 47
    assert Mail.objects.filter(round__organisation__slug="acme").count() == 6 + 40 * 2
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
    assert Assessment.objects.filter(started_by=mona).count() == 7


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


def test_a_document_made_before_revisions_imports_its_sequence_as_revision(rich):
    document = organisation_export(rich)
    wipe(document)
    old = copy.deepcopy(document)
    for assessment in old["assessments"]:
        for answer in assessment["answers"]:
            answer["sequence"] = answer.pop("revision")
    old["assessments"][1]["answers"][0]["sequence"] = 1_764_000_000_000  # an old page's clock

    organisation_import(old)

    expected = copy.deepcopy(document)
    expected["assessments"][1]["answers"][0]["revision"] = 1_764_000_000_000
    assert organisation_export(Organisation.objects.get(slug="acme")) == expected
