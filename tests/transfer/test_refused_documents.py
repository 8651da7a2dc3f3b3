"""A broken or foreign document is refused by its path, and nothing is written."""

import pytest

from accounts.models import Invitation, User
from rounds.models import Entry
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
from transfer.document import BackupError
from transfer.exporting import organisation_export
from transfer.importing import organisation_import


def _set(document, path, value):
    *parents, last = path
    target = document
    for key in parents:
        target = target[key]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value


class _Delete:
    """Stands for "remove this key"; a stable repr keeps test ids equal across processes."""

    def __repr__(self):
        return "DELETE"


DELETE = _Delete()
BROKEN = [
    # (where, new value, the path the error names, words of the message)
    (("format",), "something-else", "$.format", "not an organisation export"),
    (("version",), 4, "$.version", "format version 4 is not known; this site reads versions 1"),
    (("actions", 0, "characteristic"), "x", "$.actions[0].characteristic", "no characteristic"),
    (("actions", 0, "owner"), "nobody@x.example", "$.actions[0].owner", "no user"),
    (("actions", 0, "status"), "someday", "$.actions[0].status", "not a valid choice"),
    (("actions", 2, "area"), "monitoring", "$.actions[2].model", "an area needs its model"),
    (
        ("assessments", 1, "step_gaps", 0, "characteristic_key"),
        "x",
        "$.assessments[1].step_gaps[0].characteristic_key",
        "not a characteristic",
    ),
    (("teams",), DELETE, "$.teams", "missing"),
    (("surprise",), 1, "$.surprise", "unknown key"),
    (("organisation", "slug"), "Not A Slug", "$.organisation.slug", "slug"),
    (("users", 0, "email"), "not-an-address", "$.users[0].email", "valid email"),
    (("users", 1, "email"), "alice@acme.example", "$.users[1].email", "listed twice"),
    (("users", 0, "email"), "bıll@acme.example", "$.users[0].email", "dotless ı"),
    (("invitations", 0, "email"), "bob@exаmple.com", "$.invitations[0].email", "scripts"),
    (("teams", 0, "archived"), "no", "$.teams[0].archived", "true or false"),
    (("memberships", 0, "role"), "owner", "$.memberships[0].role", "not a valid choice"),
    (("memberships", 0, "teams"), ["nowhere"], "$.memberships[0].teams[0]", "no team"),
    (("invitations", 0, "expires_at"), "soon", "$.invitations[0].expires_at", "format"),
    (("models", 0, "content", "levels"), [], "$.models[0].content.levels", "must not be empty"),
    (("assessments", 0, "team"), "nowhere", "$.assessments[0].team", "no team"),
    (("assessments", 0, "model"), ["mlops", "9"], "$.assessments[0].model", "no model"),
    (("assessments", 1, "id"), 1, "$.assessments[1].id", "not used by another"),
    (("assessments", 0, "date"), "2026-02-30", "$.assessments[0].date", "invalid date"),
    (("assessments", 0, "date"), "9999-12-31", "$.assessments[0].date", "Choose a date between"),
    (("assessments", 2, "date"), "1999-12-31", "$.assessments[2].date", "Choose a date between"),
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
    # Since version 2: its keys are required in a document of that version.
    (("rounds",), DELETE, "$.rounds", "missing"),
    (("users", 0, "language"), DELETE, "$.users[0].language", "missing"),
    (("users", 0, "language"), "xx", "$.users[0].language", "not a language of this site"),
    (("users", 0, "email_reminders"), "yes", "$.users[0].email_reminders", "true or false"),
    (("assessments", 0, "anonymous"), 1, "$.assessments[0].anonymous", "true or false"),
    (("assessments", 6, "carried_from"), 99, "$.assessments[6].carried_from", "no assessment 99"),
    (
        ("assessments", 6, "carried_from"),
        1,  # of the other team
        "$.assessments[6].carried_from",
        "assessment 1 is not another assessment of the same team",
    ),
    (
        ("assessments", 6, "carried_from"),
        7,  # itself
        "$.assessments[6].carried_from",
        "assessment 7 is not another assessment of the same team",
    ),
    (("rounds", 0, "model"), ["mlops", "9"], "$.rounds[0].model", "no model"),
    (("rounds", 1, "label"), "Winter 2026", "$.rounds[1].label", "listed twice"),
    (("rounds", 0, "deadline"), "2001-01-01", "$.rounds[0].deadline", "before the opening"),
    (("rounds", 0, "reminder_days"), [3, "1"], "$.rounds[0].reminder_days", "whole numbers"),
    (("rounds", 0, "reminder_days"), [90], "$.rounds[0].reminder_days", "0 to 60 days"),
    (("rounds", 0, "closed_by"), "who@x.example", "$.rounds[0].closed_by", "no user"),
    (
        ("rounds", 0, "entries", 0, "assessment"),
        6,  # the other team's
        "$.rounds[0].entries[0].assessment",
        "assessment 6 is of another team than “fraud-ml”",
    ),
    (
        ("rounds", 1, "entries", 0, "assessment"),
        1,  # the team's, of another model
        "$.rounds[1].entries[0].assessment",
        "assessment 1 is of another model than its round",
    ),
    (
        ("rounds", 0, "entries", 0, "assessment"),
        True,
        "$.rounds[0].entries[0].assessment",
        "no assessment true",
    ),
    (
        ("rounds", 1, "entries", 1),
        {
            "team": "fraud-ml",
            "assessment": 4,
            "adopted": False,
            "late": False,
            "respondents": [],
            "mails": [],
        },
        "$.rounds[1].entries[1].team",
        "this team is in the round twice",
    ),
    (("rounds", 0, "entries", 0, "late"), None, "$.rounds[0].entries[0].late", "True or False"),
    (
        ("rounds", 0, "entries", 0, "respondents", 1, "user"),
        "bob@acme.example",
        "$.rounds[0].entries[0].respondents[1].user",
        "listed twice",
    ),
    (
        ("rounds", 0, "entries", 1, "mails", 0, "kind"),
        "postcard",
        "$.rounds[0].entries[1].mails[0].kind",
        "not a valid choice",
    ),
    (
        ("rounds", 0, "entries", 1, "mails", 3),
        {
            "user": "bob@acme.example",
            "kind": "reminder",
            "key": "3",
            "created_at": "2026-12-01T09:00:00+00:00",
            "sent_at": None,
        },
        "$.rounds[0].entries[1].mails[3]",
        "this e-mail is listed twice",
    ),
]


# A rich organisation built for each of the many broken values (half a minute): make test and
# CI run them all; make check keeps the other refusals in this file.
@pytest.mark.slow
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


def test_two_live_actions_for_one_characteristic_are_refused(rich):
    document = organisation_export(rich)
    wipe(document)
    taken, dropped = document["actions"][:2]
    dropped |= {"status": "open", "characteristic": taken["characteristic"]}
    before = everything_counted()

    with pytest.raises(BackupError) as refused:
        organisation_import(document)

    assert refused.value.path == "$.actions[1]"
    assert "another action for this characteristic" in refused.value.message
    assert everything_counted() == before


@pytest.mark.parametrize("document", [[], "text", None, {"format": "maturity-org-export"}])
def test_what_is_no_export_at_all_is_refused(db, document):
    with pytest.raises(BackupError):
        organisation_import(document)


def test_addresses_are_stored_normalised_and_an_existing_account_is_found_exactly(rich):
    document = organisation_export(rich)
    wipe(document)
    existing = User.objects.create_user("alice@acme.example")
    alice = next(u for u in document["users"] if u["email"] == "alice@acme.example")
    alice["email"] = "ALICE@Acme.Example"
    document["invitations"][0]["email"] = "New.Person@Example.com"

    result = organisation_import(document)

    assert result.reused_users == ["alice@acme.example"]
    assert existing.memberships.get().organisation == result.organisation
    emails = Invitation.objects.filter(organisation=result.organisation)
    assert "new.person@example.com" in set(emails.values_list("email", flat=True))


def test_an_assessment_in_two_rounds_imports(rich):
    """A team's assessment left open when its round closed is taken into its next round."""
    document = organisation_export(rich)
    wipe(document)
    document["rounds"].append(document["rounds"][0] | {"label": "Again"})

    result = organisation_import(document)

    entries = Entry.objects.filter(round__organisation=result.organisation)
    first = document["rounds"][0]["entries"]
    assert entries.filter(round__label="Again").count() == len(first)
    assert entries.values("assessment").distinct().count() < entries.count()
