"""Documents of an older format version still import: what they lack is filled in as it was
meant then (version 1 had no rounds, no users' e-mail settings, no anonymous or carried-forward
assessments), and importing them does not change the document it was given."""

import copy

from accounts.models import Organisation
from rounds.models import Round
from tests.transfer.world import wipe
from transfer.exporting import organisation_export
from transfer.importing import organisation_import


def _as_version_1(document):
    old = copy.deepcopy(document) | {"version": 1}
    del old["rounds"]
    for user in old["users"]:
        del user["language"], user["email_reminders"]
    for assessment in old["assessments"]:
        del assessment["anonymous"], assessment["carried_from"]
    # Round reports came with rounds.
    old["reports"] = [r for r in old["reports"] if r["kind"] != "round"]
    for report in old["reports"]:
        del report["round"]
    return old


def test_a_version_1_document_imports_with_the_defaults_of_its_time(rich):
    document = organisation_export(rich)
    wipe(document)
    old = _as_version_1(document)
    given = copy.deepcopy(old)

    result = organisation_import(old)

    assert old == given
    assert result.counts["rounds"] == 0 and not Round.objects.exists()
    expected = copy.deepcopy(document) | {"rounds": []}
    expected["reports"] = [r for r in expected["reports"] if r["kind"] != "round"]
    for user in expected["users"]:
        user |= {"language": "", "email_reminders": True}
    for assessment in expected["assessments"]:
        assessment |= {"anonymous": False, "carried_from": None}
    assert organisation_export(Organisation.objects.get(slug="acme")) == expected
