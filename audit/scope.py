"""What the audit log records of each model, and the organisation each entry belongs to.

Only the fields named here are compared and stored: never a password, a token's digest, a
webhook's secret, an invitation's token, nor a respondent's own answers (agreed answers are
the team's, without names)."""

from auditlog.registry import auditlog
from django.apps import apps

ACTIONS = {0: "created", 1: "changed", 2: "deleted"}

# model label → fields recorded (before → after)
TRACKED = {
    "accounts.Membership": ["user", "role", "teams"],
    "accounts.Invitation": ["email", "role", "expires_at", "accepted_at", "revoked_at"],
    "accounts.Team": ["name", "slug", "description", "archived"],
    "assessments.Target": ["team", "dimension_key", "level", "current"],
    "assessments.AgreedAnswer": ["assessment", "area", "level", "ticked", "note"],
    "maturity.MaturityModel": ["slug", "version", "languages", "name_de", "name_en", "status"],
    "rounds.Round": ["label", "model", "opens_on", "deadline", "anonymous", "closed_at"],
    "plans.Action": ["team", "title", "note", "owner", "due", "status"],
    "api.ApiToken": ["name", "scope", "expires_at", "revoked_at"],
    "webhooks.Endpoint": ["url", "events", "active"],
    # Never the client secret, not even encrypted.
    "sso.Provider": [
        "name",
        "issuer",
        "client_id",
        "allowed_domains",
        "default_role",
        "groups_claim",
        "team_map",
        "require_sso",
        "enabled",
    ],
}
M2M = {"accounts.Membership": {"teams"}}

# how each model reaches its organisation (a field path from the row)
ORGANISATION = {
    "accounts.Membership": "organisation_id",
    "accounts.Invitation": "organisation_id",
    "accounts.Team": "organisation_id",
    "assessments.Target": "team.organisation_id",
    "assessments.AgreedAnswer": "assessment.team.organisation_id",
    "assessments.Assessment": "team.organisation_id",
    "maturity.MaturityModel": "organisation_id",
    "rounds.Round": "organisation_id",
    "plans.Action": "team.organisation_id",
    "api.ApiToken": "organisation_id",
    "webhooks.Endpoint": "organisation_id",
    "sso.Provider": "organisation_id",
}


def register_all() -> None:
    for label, fields in TRACKED.items():
        model = apps.get_model(label)
        names = {field.name for field in model._meta.get_fields()}
        include = [name for name in fields if name in names and name not in M2M.get(label, ())]
        auditlog.register(model, include_fields=include, m2m_fields=M2M.get(label, set()) & names)


def object_kinds():
    """(content type label, verbose name) of what the log records, for the page's filter."""
    return [
        (label.lower(), apps.get_model(label)._meta.verbose_name)
        for label in [*TRACKED, "assessments.Assessment", "accounts.User"]
    ]


def organisation_of(instance) -> int | None:
    path = ORGANISATION.get(instance._meta.label)
    if path is None:
        return None
    value = instance
    for part in path.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def kind_of(instance, action, changes) -> str:
    label = instance._meta.label
    changes = changes or {}
    if label == "assessments.AgreedAnswer" and action != 2:
        return "agreed"
    if label == "maturity.MaturityModel":
        if action == 0:
            return "uploaded"
        status = changes.get("status")
        if status and status[-1] in ("published", "retired"):
            return status[-1]
    if "revoked_at" in changes and action == 1 and changes["revoked_at"][0] in (None, "None"):
        return "revoked"
    return ACTIONS.get(action, "changed")
