"""One organisation as a JSON document: `manage.py export_org` writes it, `import_org` reads it.

The document names things by natural keys (e-mail addresses, slugs, a model's slug and
version, area and characteristic keys), never by database ids, so that it imports into any
database. An own model version whose slug and version a shared one in the document has too
is named [slug, version, "own"] (exporting.model_references). Assessments, which have no
natural key, are numbered within the document; reports, rounds and an assessment's
`carried_from` refer to them by that number. A round holds its entries (a team and its
assessment), each with its respondents and the e-mails recorded for it (sent or not), so that
an imported round sends nobody an e-mail twice.
Everything is exported in a fixed order, and the import creates rows in that order, so that
exporting the imported organisation gives the same document.

The document holds password hashes (so that people can log in after a move): it is as
sensitive as a database dump. PDF files of reports are named, not included: they live in
MEDIA_ROOT and are copied with it. Not part of an organisation, so not exported: site roles
(staff, superuser), sessions, login-attempt records.
"""

import json
from datetime import UTC

FORMAT = "maturity-org-export"
# Version 2 added rounds, users' `language` and `email_reminders`, and assessments'
# `anonymous` and `carried_from`. A document of an older version lacks keys of a newer one:
# `upgraded` fills them in with what they meant then, so that every version still imports;
# a newer version than this site knows is refused by name (its keys would be unknown here).
# Version 3 added the teams' actions (plans), the digests sent to their owners, users'
# `email_digest`, and assessments' `step_gaps` (read from older documents: computed again).
VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
BATCH = 500

DOCUMENT_KEYS = {
    "format",
    "version",
    "organisation",
    "users",
    "teams",
    "memberships",
    "invitations",
    "models",
    "assessments",
    "targets",
    "reports",
    "rounds",
    "actions",
    "digests",
}
ORGANISATION_KEYS = {"slug", "name", "created_at"}
USER_KEYS = {
    "email",
    "name",
    "password",
    "is_active",
    "date_joined",
    "last_login",
    "language",
    "email_reminders",
    "email_digest",
}
TEAM_KEYS = {"slug", "name", "description", "archived", "created_at"}
MEMBERSHIP_KEYS = {"user", "role", "teams", "created_at"}
INVITATION_KEYS = {
    "email",
    "role",
    "teams",
    "token",
    "language",
    "invited_by",
    "created_at",
    "expires_at",
    "email_sent_at",
    "accepted_at",
    "accepted_by",
    "revoked_at",
}
MODEL_KEYS = {"owned", "status", "in_use", "created_at", "content"}
ASSESSMENT_KEYS = {
    "id",
    "team",
    "model",
    "label",
    "date",
    "state",
    "started_by",
    "facilitator",
    "created_at",
    "submitted_at",
    "submitted_by",
    "overall_score",
    "overall_level",
    "is_latest",
    "anonymous",
    "carried_from",
    "answers",
    "agreed_answers",
    "reopenings",
    "area_scores",
    "dimension_scores",
    "step_gaps",
}
ANSWER_KEYS = {
    "respondent",
    "area",
    "level",
    "ticked",
    "comment",
    "evidence",
    "revision",
    "updated_at",
}
# Documents made before answers had revisions name the number `sequence`; read as `revision`.
OLD_ANSWER_KEYS = {"sequence": "revision"}
AGREED_KEYS = {"area", "level", "ticked", "note", "agreed_by", "agreed_at"}
REOPENING_KEYS = {"by", "at", "reason"}
AREA_SCORE_KEYS = {"area_key", "dimension_key", "level", "score"}
DIMENSION_SCORE_KEYS = {"dimension_key", "level", "score"}
STEP_GAP_KEYS = {"area_key", "dimension_key", "characteristic_key", "reached"}
TARGET_KEYS = {"team", "dimension_key", "level", "current", "set_by", "set_at"}
REPORT_KEYS = {
    "kind",
    "team",
    "assessment",
    "round",
    "language",
    "ordered_by",
    "state",
    "progress",
    "error",
    "file",
    "size",
    "created_at",
    "finished_at",
}

ROUND_KEYS = {
    "label",
    "model",
    "opens_on",
    "deadline",
    "anonymous",
    "reminder_days",
    "opened_by",
    "created_at",
    "invited_at",
    "deadline_passed_at",
    "closed_at",
    "closed_by",
    "entries",
}
ENTRY_KEYS = {"team", "assessment", "adopted", "late", "respondents", "mails"}
RESPONDENT_KEYS = {"user", "added_at"}
MAIL_KEYS = {"user", "kind", "key", "created_at", "sent_at"}
ACTION_KEYS = {
    "team",
    "title",
    "note",
    "owner",
    "due",
    "status",
    "model",
    "area",
    "characteristic",
    "assessment",
    "created_by",
    "created_at",
    "updated_at",
    "done_at",
    "done_by",
}
DIGEST_KEYS = {"user", "week", "created_at", "sent_at"}

# What each version lacks of the next: {version: {list in the document: {key: value}}};
# None stands for the whole document.
ADDED_IN = {
    1: {
        None: {"rounds": []},
        "users": {"language": "", "email_reminders": True},
        "assessments": {"anonymous": False, "carried_from": None},
        "reports": {"round": None},
    },
    2: {
        None: {"actions": [], "digests": []},
        "users": {"email_digest": True},
        "assessments": {"step_gaps": None},  # None: computed from the answers on import
    },
}


def upgraded(document):
    """The document as this site's version would have written it (a new dict; the given one
    is left as it is). Keys the document has stay as they are; what is malformed is left for
    the import's checks to name."""
    for version in range(document["version"], VERSION):
        added = ADDED_IN[version]
        document = {**added.get(None, {}), **document}
        for key, defaults in added.items():
            if key is not None and isinstance(document.get(key), list):
                document[key] = [
                    {**defaults, **item} if isinstance(item, dict) else item
                    for item in document[key]
                ]
    return document


class BackupError(Exception):
    """The document cannot be imported and nothing was written; `path` says where."""

    def __init__(self, path, message):
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}")


def when(value):
    """A date-time as ISO 8601 in UTC, or None."""
    return value.astimezone(UTC).isoformat() if value is not None else None


def dumps(document):
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
