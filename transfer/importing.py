"""Importing an organisation's export document, all or nothing."""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Invitation, Membership, Organisation, Team, User, normalise_email
from assessments.signals import results_changed_on_commit
from maturity.interchange import ModelImportError, import_model, same_content, validate
from maturity.models import MaturityModel
from transfer.checks import Builder, checked_list, checked_object, document_items, insert, one_of
from transfer.document import (
    BATCH,
    DOCUMENT_KEYS,
    FORMAT,
    INVITATION_KEYS,
    MEMBERSHIP_KEYS,
    MODEL_KEYS,
    ORGANISATION_KEYS,
    READABLE_VERSIONS,
    TEAM_KEYS,
    USER_KEYS,
    VERSION,
    BackupError,
    upgraded,
)
from transfer.importing_assessments import import_assessments, import_reports, import_targets
from transfer.importing_plans import import_actions, import_digests
from transfer.importing_rounds import import_rounds


@dataclass
class ImportResult:
    organisation: Organisation
    created_users: list = field(default_factory=list)
    reused_users: list = field(default_factory=list)
    created_models: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)


def organisation_import(document):
    """Create the organisation of an export document in this database, all or nothing.

    Refuses (BackupError, nothing written) a document that is malformed or of an unknown
    format version, an organisation whose short name exists, an own model version that exists,
    or a shared model version that exists with other content. A user whose e-mail address
    exists is reused as they are (their name and password stay): the result lists them.
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(
            "$.format", _("not an organisation export (“%(format)s”)") % {"format": FORMAT}
        )
    if type(document.get("version")) is not int or document["version"] not in READABLE_VERSIONS:
        raise BackupError(
            "$.version",
            _("format version %(found)s is not known; this site reads versions 1 to %(version)s")
            % {"found": json.dumps(document.get("version")), "version": VERSION},
        )
    document = upgraded(document)
    checked_object(document, "$", DOCUMENT_KEYS)
    try:
        with transaction.atomic():
            return _import(document)
    except IntegrityError as error:
        raise BackupError(
            "$", _("the document contradicts itself: %(error)s") % {"error": error}
        ) from None


def _import(document):
    org_data = checked_object(document["organisation"], "$.organisation", ORGANISATION_KEYS)
    check = Builder.value
    slug = check(Organisation, "slug", org_data["slug"], "$.organisation.slug")
    if Organisation.objects.filter(slug=slug).exists():
        raise BackupError(
            "$.organisation.slug",
            _("an organisation “%(slug)s” exists already in this database") % {"slug": slug},
        )
    organisation = Organisation(
        slug=slug,
        name=check(Organisation, "name", org_data["name"], "$.organisation.name"),
        created_at=check(
            Organisation, "created_at", org_data["created_at"], "$.organisation.created_at"
        ),
    )
    insert(Organisation, [organisation], ["created_at"])
    result = ImportResult(organisation=organisation)

    users = _import_users(document, result)
    build = Builder(users)
    teams = _import_teams(document, organisation, build)
    _import_memberships(document, organisation, teams, build)
    _import_invitations(document, organisation, teams, build)
    maturity_models = _import_models(document, organisation, result)
    assessments = import_assessments(document, teams, maturity_models, build)
    import_targets(document, teams, build)
    rounds = import_rounds(document, organisation, teams, maturity_models, assessments, build)
    import_reports(document, organisation, teams, assessments, rounds, build)
    actions = import_actions(document, teams, maturity_models, assessments, build)
    import_digests(document, build)

    result.counts = {
        "users": len(users),
        "teams": len(teams),
        "memberships": len(document["memberships"]),
        "invitations": len(document["invitations"]),
        "models": len(maturity_models),
        "assessments": len(assessments),
        "answers": sum(len(a["answers"]) for a in document["assessments"]),
        "targets": len(document["targets"]),
        "reports": len(document["reports"]),
        "rounds": len(rounds),
        "actions": actions,
    }
    results_changed_on_commit(organisation)
    return result


def _import_users(document, result):
    found = {}
    for path, item in document_items(document, "users", USER_KEYS):
        email = normalise_email(Builder.value(User, "email", item["email"], f"{path}.email"))
        if email in found:
            raise BackupError(f"{path}.email", _("“%(email)s” is listed twice") % {"email": email})
        found[email] = (path, item)
    # Stored addresses are normalised: exact match (see accounts.addresses).
    existing = {user.email: user for user in User.objects.filter(email__in=list(found))}
    new = []
    # A user's language is that of the pages they last used (blank: none yet).
    languages = {"", *dict(settings.LANGUAGES)}
    for email, (path, item) in found.items():
        if email in existing:
            result.reused_users.append(email)
            continue
        names = ["name", "password", "is_active", "date_joined", "last_login"]
        names += ["language", "email_reminders", "email_digest"]
        values = Builder({}).values(User, item, path, names)
        if values["language"] not in languages:
            raise BackupError(f"{path}.language", _("not a language of this site"))
        new.append(User(email=email, **values))
    insert(User, new)
    result.created_users = [user.email for user in new]
    return existing | {user.email: user for user in new}


def _team_list(raw, path, teams):
    chosen = []
    for i, slug in enumerate(checked_list(raw, path)):
        chosen.append(one_of(teams, slug, f"{path}[{i}]", _("no team “%(key)s” in $.teams")))
    return chosen


def _import_teams(document, organisation, build):
    teams = {}
    for path, item in document_items(document, "teams", TEAM_KEYS):
        values = build.values(
            Team, item, path, ["slug", "name", "description", "archived", "created_at"]
        )
        if values["slug"] in teams:
            raise BackupError(
                f"{path}.slug", _("“%(key)s” is listed twice") % {"key": values["slug"]}
            )
        teams[values["slug"]] = Team(organisation=organisation, **values)
    insert(Team, list(teams.values()), ["created_at"])
    return teams


def _import_memberships(document, organisation, teams, build):
    rows, links, members = [], [], set()
    for path, item in document_items(document, "memberships", MEMBERSHIP_KEYS):
        user = build.user(item["user"], f"{path}.user", required=True)
        if user.email in members:
            raise BackupError(
                f"{path}.user", _("“%(email)s” is listed twice") % {"email": user.email}
            )
        members.add(user.email)
        values = build.values(Membership, item, path, ["role", "created_at"])
        rows.append(Membership(user=user, organisation=organisation, **values))
        links.append(_team_list(item["teams"], f"{path}.teams", teams))
    insert(Membership, rows, ["created_at"])
    _link_teams(Membership, rows, links)


def _link_teams(model, rows, links):
    """The teams of freshly inserted memberships or invitations, in one bulk insert."""
    through = model.teams.through
    owner = f"{model._meta.model_name}_id"
    through.objects.bulk_create(
        [
            through(**{owner: row.pk}, team_id=team.pk)
            for row, chosen in zip(rows, links, strict=True)
            for team in chosen
        ],
        batch_size=BATCH,
    )


def _import_invitations(document, organisation, teams, build):
    rows, links = [], []
    names = [
        "email",
        "role",
        "token",
        "language",
        "created_at",
        "expires_at",
        "email_sent_at",
        "accepted_at",
        "revoked_at",
    ]
    for path, item in document_items(document, "invitations", INVITATION_KEYS):
        values = build.values(Invitation, item, path, names)
        values["email"] = normalise_email(values["email"])
        rows.append(
            Invitation(
                organisation=organisation,
                invited_by=build.user(item["invited_by"], f"{path}.invited_by"),
                accepted_by=build.user(item["accepted_by"], f"{path}.accepted_by"),
                **values,
            )
        )
        links.append(_team_list(item["teams"], f"{path}.teams", teams))
    taken = Invitation.objects.filter(token__in=[i.token for i in rows]).exists()
    if taken or len({i.token for i in rows}) < len(rows):
        raise BackupError("$.invitations", _("an invitation's token is in use already"))
    insert(Invitation, rows, ["created_at"])
    _link_teams(Invitation, rows, links)


def _import_models(document, organisation, result):
    """How the document names a model (exporting.model_references) → MaturityModel: the
    organisation's own ones created, shared ones found (with the same content) or created
    when this database lacks them. Own names are the organisation's alone, so another
    organisation's model of the same slug and version is no obstacle."""
    listed, in_use = {}, []
    for path, item in document_items(document, "models", MODEL_KEYS):
        content = item["content"]
        errors = validate(content)
        if errors:
            where, message = errors[0]
            raise BackupError(f"{path}.content{where[1:]}", message)
        for flag in ("owned", "in_use"):
            if not isinstance(item[flag], bool):
                raise BackupError(f"{path}.{flag}", _("must be true or false"))
        status = Builder.value(MaturityModel, "status", item["status"], f"{path}.status")
        key = (content["slug"], content["version"])
        if (key, item["owned"]) in listed:
            raise BackupError(f"{path}.content.version", _("this version is listed twice"))
        names = {"slug": key[0], "version": key[1]}
        model = None
        if not item["owned"]:
            model = MaturityModel.objects.filter(
                organisation=None, slug=key[0], version=key[1]
            ).first()
        if model is not None and not same_content(model, content):
            message = _(
                "version %(version)s of “%(slug)s” exists in this database with other content"
            )
            raise BackupError(f"{path}.content", message % names)
        if model is None:
            owner = organisation if item["owned"] else None
            try:
                model = import_model(content, organisation=owner, status=status)
            except ModelImportError as error:
                where, message = error.errors[0]
                raise BackupError(f"{path}.content{where[1:]}", message) from None
            result.created_models.append(key)
        if item["owned"]:
            created_at = Builder.value(
                MaturityModel, "created_at", item["created_at"], f"{path}.created_at"
            )
            MaturityModel.objects.filter(pk=model.pk).update(created_at=created_at)
        listed[key, item["owned"]] = model
        if item["in_use"]:
            in_use.append(model)
    organisation.models_in_use.set(in_use)
    found = {key: model for (key, owned), model in listed.items() if not owned}
    for (key, owned), model in listed.items():
        if owned:
            found[(*key, "own")] = model
            found.setdefault(key, model)  # also [slug, version] where no shared one has it
    return found
