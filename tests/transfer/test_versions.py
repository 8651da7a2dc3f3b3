"""Documents of an older format version still import: what they lack is filled in as it was
meant then (version 1 had no rounds, no users' e-mail settings, no anonymous or carried-forward
assessments; version 2 no actions, digests or stored step gaps, which are computed again), and
importing them does not change the document it was given."""

import copy

from accounts.models import Organisation
from rounds.models import Round
from tests.transfer.world import wipe
from transfer.exporting import organisation_export
from transfer.importing import organisation_import


def _as_version_2(document):
    old = copy.deepcopy(document) | {"version": 2}
    del old["actions"], old["digests"]
    for user in old["users"]:
        del user["email_digest"]
    for assessment in old["assessments"]:
        del assessment["step_gaps"]
    return old


def _as_version_1(document):
    old = _as_version_2(document) | {"version": 1}
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
    expected = copy.deepcopy(document) | {"rounds": [], "actions": [], "digests": []}
    expected["reports"] = [r for r in expected["reports"] if r["kind"] != "round"]
    for user in expected["users"]:
        user |= {"language": "", "email_reminders": True, "email_digest": True}
    for assessment in expected["assessments"]:
        assessment |= {"anonymous": False, "carried_from": None}
    assert organisation_export(Organisation.objects.get(slug="acme")) == expected


def test_a_version_2_document_imports_and_its_step_gaps_are_computed_again(rich):
    document = organisation_export(rich)
    assert any(a["step_gaps"] for a in document["assessments"])
    wipe(document)
    old = _as_version_2(document)

    result = organisation_import(old)

    assert result.counts["actions"] == 0
    expected = copy.deepcopy(document) | {"actions": [], "digests": []}
    for user in expected["users"]:
        user |= {"email_digest": True}
    # The gaps of each submitted assessment come out as they were stored on submit.
    assert organisation_export(Organisation.objects.get(slug="acme")) == expected
