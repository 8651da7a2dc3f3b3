"""One organisation as a JSON document: `manage.py export_org` writes it, `import_org` reads it.

The document names things by natural keys (e-mail addresses, slugs, a model's slug and
version, area and characteristic keys), never by database ids, so that it imports into any
database. Assessments, which have no natural key, are numbered within the document; reports
refer to them by that number. Everything is exported in a fixed order, and the import creates
rows in that order, so that exporting the imported organisation gives the same document.

The document holds password hashes (so that people can log in after a move): it is as
sensitive as a database dump. PDF files of reports are named, not included: they live in
MEDIA_ROOT and are copied with it. Not part of an organisation, so not exported: site roles
(staff, superuser), sessions, login-attempt records.
"""

import json
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from accounts.models import Invitation, Membership, Organisation, Team, User, normalise_email
from assessments.models import (
    AgreedAnswer,
    Answer,
    AreaScore,
    Assessment,
    DimensionScore,
    Reopening,
    Target,
)
from assessments.signals import results_changed_on_commit
from maturity.interchange import ModelImportError, export_model, import_model, validate
from maturity.models import Area, Characteristic, MaturityModel
from reports.models import Report

FORMAT = "maturity-org-export"
VERSION = 1
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
}
ORGANISATION_KEYS = {"slug", "name", "created_at"}
USER_KEYS = {"email", "name", "password", "is_active", "date_joined", "last_login"}
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
    "answers",
    "agreed_answers",
    "reopenings",
    "area_scores",
    "dimension_scores",
}
ANSWER_KEYS = {
    "respondent",
    "area",
    "level",
    "ticked",
    "comment",
    "evidence",
    "sequence",
    "updated_at",
}
AGREED_KEYS = {"area", "level", "ticked", "note", "agreed_by", "agreed_at"}
REOPENING_KEYS = {"by", "at", "reason"}
AREA_SCORE_KEYS = {"area_key", "dimension_key", "level", "score"}
DIMENSION_SCORE_KEYS = {"dimension_key", "level", "score"}
TARGET_KEYS = {"team", "dimension_key", "level", "current", "set_by", "set_at"}
REPORT_KEYS = {
    "kind",
    "team",
    "assessment",
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


class BackupError(Exception):
    """The document cannot be imported and nothing was written; `path` says where."""

    def __init__(self, path, message):
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}")


def _when(value):
    """A date-time as ISO 8601 in UTC, or None."""
    return value.astimezone(UTC).isoformat() if value is not None else None


def dumps(document):
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


# Export


def _grouped(pairs):
    groups = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return groups


def organisation_export(organisation):
    """Everything of the organisation as a dict in the format above, in a fixed order.

    A fixed number of queries (plus four per maturity model), whatever its size.
    """
    org = organisation
    teams = list(Team.objects.filter(organisation=org).order_by("slug"))
    slug_of = {team.pk: team.slug for team in teams}
    memberships = list(Membership.objects.filter(organisation=org).order_by("pk"))
    membership_teams = _grouped(
        Membership.teams.through.objects.filter(membership__organisation=org).values_list(
            "membership_id", "team_id"
        )
    )
    invitations = list(Invitation.objects.filter(organisation=org).order_by("pk"))
    invitation_teams = _grouped(
        Invitation.teams.through.objects.filter(invitation__organisation=org).values_list(
            "invitation_id", "team_id"
        )
    )
    in_org = {"assessment__team__organisation": org}
    assessments = list(Assessment.objects.filter(team__organisation=org).order_by("pk"))
    answers = _grouped((a.assessment_id, a) for a in Answer.objects.filter(**in_org).order_by("pk"))
    agreed = _grouped(
        (a.assessment_id, a) for a in AgreedAnswer.objects.filter(**in_org).order_by("pk")
    )
    reopenings = _grouped(
        (r.assessment_id, r) for r in Reopening.objects.filter(**in_org).order_by("pk")
    )
    area_scores = _grouped(
        (s.assessment_id, s) for s in AreaScore.objects.filter(**in_org).order_by("area_key")
    )
    dimension_scores = _grouped(
        (s.assessment_id, s)
        for s in DimensionScore.objects.filter(**in_org).order_by("dimension_key")
    )
    targets = list(Target.objects.filter(team__organisation=org).order_by("pk"))
    reports = list(Report.objects.filter(organisation=org).order_by("pk"))
    number_of = {a.pk: n for n, a in enumerate(assessments, start=1)}

    used_models = {a.model_id for a in assessments}
    maturity_models = list(
        MaturityModel.objects.filter(Q(organisation=org) | Q(used_by=org) | Q(pk__in=used_models))
        .distinct()
        .order_by("slug", "version")
    )
    in_use = set(org.models_in_use.values_list("pk", flat=True))
    model_of = {m.pk: [m.slug, m.version] for m in maturity_models}
    area_key = dict(Area.objects.filter(model__in=maturity_models).values_list("pk", "key"))

    user_ids = {m.user_id for m in memberships}
    user_ids |= {i.invited_by_id for i in invitations} | {i.accepted_by_id for i in invitations}
    for a in assessments:
        user_ids |= {a.started_by_id, a.facilitator_id, a.submitted_by_id}
    user_ids |= {a.respondent_id for rows in answers.values() for a in rows}
    user_ids |= {a.agreed_by_id for rows in agreed.values() for a in rows}
    user_ids |= {r.by_id for rows in reopenings.values() for r in rows}
    user_ids |= {t.set_by_id for t in targets} | {r.ordered_by_id for r in reports}
    users = list(User.objects.filter(pk__in=user_ids - {None}).order_by("email"))
    email = {user.pk: user.email for user in users}
    email[None] = None

    return {
        "format": FORMAT,
        "version": VERSION,
        "organisation": {"slug": org.slug, "name": org.name, "created_at": _when(org.created_at)},
        "users": [
            {
                "email": u.email,
                "name": u.name,
                "password": u.password,
                "is_active": u.is_active,
                "date_joined": _when(u.date_joined),
                "last_login": _when(u.last_login),
            }
            for u in users
        ],
        "teams": [
            {
                "slug": t.slug,
                "name": t.name,
                "description": t.description,
                "archived": t.archived,
                "created_at": _when(t.created_at),
            }
            for t in teams
        ],
        "memberships": [
            {
                "user": email[m.user_id],
                "role": m.role,
                "teams": sorted(slug_of[pk] for pk in membership_teams[m.pk]),
                "created_at": _when(m.created_at),
            }
            for m in sorted(memberships, key=lambda m: email[m.user_id])
        ],
        "invitations": [
            {
                "email": i.email,
                "role": i.role,
                "teams": sorted(slug_of[pk] for pk in invitation_teams[i.pk]),
                "token": i.token,
                "language": i.language,
                "invited_by": email[i.invited_by_id],
                "created_at": _when(i.created_at),
                "expires_at": _when(i.expires_at),
                "email_sent_at": _when(i.email_sent_at),
                "accepted_at": _when(i.accepted_at),
                "accepted_by": email[i.accepted_by_id],
                "revoked_at": _when(i.revoked_at),
            }
            for i in invitations
        ],
        "models": [
            {
                "owned": m.organisation_id == org.pk,
                "status": m.status,
                "in_use": m.pk in in_use,
                # A shared model's creation belongs to the site, not to the organisation.
                "created_at": _when(m.created_at) if m.organisation_id == org.pk else None,
                "content": export_model(m),
            }
            for m in maturity_models
        ],
        "assessments": [
            {
                "id": number_of[a.pk],
                "team": slug_of[a.team_id],
                "model": model_of[a.model_id],
                "label": a.label,
                "date": a.date.isoformat(),
                "state": a.state,
                "started_by": email[a.started_by_id],
                "facilitator": email[a.facilitator_id],
                "created_at": _when(a.created_at),
                "submitted_at": _when(a.submitted_at),
                "submitted_by": email[a.submitted_by_id],
                "overall_score": a.overall_score,
                "overall_level": a.overall_level,
                "is_latest": a.is_latest,
                "answers": [
                    {
                        "respondent": email[x.respondent_id],
                        "area": area_key[x.area_id],
                        "level": x.level,
                        "ticked": x.ticked,
                        "comment": x.comment,
                        "evidence": x.evidence,
                        "sequence": x.sequence,
                        "updated_at": _when(x.updated_at),
                    }
                    for x in answers[a.pk]
                ],
                "agreed_answers": [
                    {
                        "area": area_key[x.area_id],
                        "level": x.level,
                        "ticked": x.ticked,
                        "note": x.note,
                        "agreed_by": email[x.agreed_by_id],
                        "agreed_at": _when(x.agreed_at),
                    }
                    for x in agreed[a.pk]
                ],
                "reopenings": [
                    {"by": email[r.by_id], "at": _when(r.at), "reason": r.reason}
                    for r in reopenings[a.pk]
                ],
                "area_scores": [
                    {
                        "area_key": s.area_key,
                        "dimension_key": s.dimension_key,
                        "level": s.level,
                        "score": s.score,
                    }
                    for s in area_scores[a.pk]
                ],
                "dimension_scores": [
                    {"dimension_key": s.dimension_key, "level": s.level, "score": s.score}
                    for s in dimension_scores[a.pk]
                ],
            }
            for a in assessments
        ],
        "targets": [
            {
                "team": slug_of[t.team_id],
                "dimension_key": t.dimension_key,
                "level": t.level,
                "current": t.current,
                "set_by": email[t.set_by_id],
                "set_at": _when(t.set_at),
            }
            for t in targets
        ],
        "reports": [
            {
                "kind": r.kind,
                "team": slug_of.get(r.team_id),
                "assessment": number_of.get(r.assessment_id),
                "language": r.language,
                "ordered_by": email[r.ordered_by_id],
                "state": r.state,
                "progress": r.progress,
                "error": r.error,
                "file": r.file.name or "",
                "size": r.size,
                "created_at": _when(r.created_at),
                "finished_at": _when(r.finished_at),
            }
            for r in reports
        ],
    }


# Import


def _object(value, path, keys):
    """`value` must be a JSON object with exactly these keys."""
    if not isinstance(value, dict):
        raise BackupError(path, _("must be an object"))
    for key in sorted(set(value) - keys):
        raise BackupError(f"{path}.{key}", _("unknown key"))
    for key in sorted(keys - set(value)):
        raise BackupError(f"{path}.{key}", _("missing"))
    return value


def _list(value, path):
    if not isinstance(value, list):
        raise BackupError(path, _("must be a list"))
    return value


def _items(document, key, keys):
    """(path, item) for every object in the document's list `key`."""
    path = f"$.{key}"
    return [
        (f"{path}[{i}]", _object(item, f"{path}[{i}]", keys))
        for i, item in enumerate(_list(document[key], path))
    ]


class _Builder:
    """Makes model instances from a document's values, each checked by its model field."""

    def __init__(self, users):
        self.users = users  # e-mail → User

    def values(self, model, item, path, names):
        """{name: clean value} for the given field names of `item`; BackupError if wrong."""
        values = {}
        for name in names:
            values[name] = self.value(model, name, item[name], f"{path}.{name}")
        return values

    @staticmethod
    def value(model, name, raw, path):
        model_field = model._meta.get_field(name)
        problem = _type_problem(model_field, raw)
        if problem:
            raise BackupError(path, problem)
        try:
            value = model_field.clean(raw, None)
        except ValidationError as error:
            raise BackupError(path, " ".join(error.messages)) from None
        if isinstance(model_field, models.DateTimeField) and value and value.tzinfo is None:
            raise BackupError(path, _("must name its time zone, such as +00:00"))
        return value

    def user(self, raw, path, required=False):
        if raw is None and not required:
            return None
        user = self.users.get(normalise_email(raw) if isinstance(raw, str) else None)
        if user is None:
            raise BackupError(path, _("no user “%(email)s” in $.users") % {"email": raw})
        return user


def _type_problem(model_field, raw):
    """What is wrong with the JSON type of `raw` for this field, or None."""
    if raw is None:
        return None  # the field refuses None itself where it must not be empty
    if isinstance(model_field, models.BooleanField):
        return None if isinstance(raw, bool) else _("must be true or false")
    if isinstance(model_field, models.DateField):  # and DateTimeField
        return None if isinstance(raw, str) else _("must be a date in ISO 8601")
    if isinstance(model_field, models.IntegerField):
        return None if type(raw) is int else _("must be a whole number")
    if isinstance(model_field, models.FloatField):
        return None if type(raw) in (int, float) else _("must be a number")
    if isinstance(model_field, models.CharField | models.TextField | models.FileField):
        return None if isinstance(raw, str) else _("must be a text")
    return None


def _one_of(mapping, raw, path, message):
    key = tuple(raw) if isinstance(raw, list) else raw
    try:
        return mapping[key]
    except (KeyError, TypeError):
        raise BackupError(path, message % {"key": raw}) from None


@contextmanager
def _times_as_given(model, names):
    """Let the model's auto_now/auto_now_add fields `names` store the times the rows carry.

    Django sets such fields to "now" on every insert; a restored row keeps its own. The
    switch is on the field, so for the whole process while the rows are inserted: fine in
    the import_org command, which saves nothing else meanwhile; not for a web process.
    """
    fields = [model._meta.get_field(name) for name in names]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f in fields:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _insert(model, rows, stamps=()):
    """bulk_create `rows` in order (their ids rise in that order), with their own `stamps`."""
    with _times_as_given(model, stamps):
        model.objects.bulk_create(rows, batch_size=BATCH)
    return rows


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
    if type(document.get("version")) is not int or document["version"] != VERSION:
        raise BackupError(
            "$.version",
            _("format version %(found)s is not known; this site reads version %(version)s")
            % {"found": json.dumps(document.get("version")), "version": VERSION},
        )
    _object(document, "$", DOCUMENT_KEYS)
    try:
        with transaction.atomic():
            return _import(document)
    except IntegrityError as error:
        raise BackupError(
            "$", _("the document contradicts itself: %(error)s") % {"error": error}
        ) from None


def _import(document):
    org_data = _object(document["organisation"], "$.organisation", ORGANISATION_KEYS)
    check = _Builder.value
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
    _insert(Organisation, [organisation], ["created_at"])
    result = ImportResult(organisation=organisation)

    users = _import_users(document, result)
    build = _Builder(users)
    teams = _import_teams(document, organisation, build)
    _import_memberships(document, organisation, teams, build)
    _import_invitations(document, organisation, teams, build)
    maturity_models = _import_models(document, organisation, result)
    assessments = _import_assessments(document, teams, maturity_models, build)
    _import_targets(document, teams, build)
    _import_reports(document, organisation, teams, assessments, build)

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
    }
    results_changed_on_commit(organisation)
    return result


def _import_users(document, result):
    found = {}
    for path, item in _items(document, "users", USER_KEYS):
        email = normalise_email(_Builder.value(User, "email", item["email"], f"{path}.email"))
        if email in found:
            raise BackupError(f"{path}.email", _("“%(email)s” is listed twice") % {"email": email})
        found[email] = (path, item)
    existing = {
        normalise_email(user.email): user
        for user in User.objects.annotate(lower=Lower("email")).filter(lower__in=list(found))
    }
    new = []
    for email, (path, item) in found.items():
        if email in existing:
            result.reused_users.append(email)
            continue
        names = ["name", "password", "is_active", "date_joined", "last_login"]
        new.append(User(email=email, **_Builder({}).values(User, item, path, names)))
    _insert(User, new)
    result.created_users = [user.email for user in new]
    return existing | {user.email: user for user in new}


def _team_list(raw, path, teams):
    chosen = []
    for i, slug in enumerate(_list(raw, path)):
        chosen.append(_one_of(teams, slug, f"{path}[{i}]", _("no team “%(key)s” in $.teams")))
    return chosen


def _import_teams(document, organisation, build):
    teams = {}
    for path, item in _items(document, "teams", TEAM_KEYS):
        values = build.values(
            Team, item, path, ["slug", "name", "description", "archived", "created_at"]
        )
        if values["slug"] in teams:
            raise BackupError(
                f"{path}.slug", _("“%(key)s” is listed twice") % {"key": values["slug"]}
            )
        teams[values["slug"]] = Team(organisation=organisation, **values)
    _insert(Team, list(teams.values()), ["created_at"])
    return teams


def _import_memberships(document, organisation, teams, build):
    rows, links, members = [], [], set()
    for path, item in _items(document, "memberships", MEMBERSHIP_KEYS):
        user = build.user(item["user"], f"{path}.user", required=True)
        if user.email in members:
            raise BackupError(
                f"{path}.user", _("“%(email)s” is listed twice") % {"email": user.email}
            )
        members.add(user.email)
        values = build.values(Membership, item, path, ["role", "created_at"])
        rows.append(Membership(user=user, organisation=organisation, **values))
        links.append(_team_list(item["teams"], f"{path}.teams", teams))
    _insert(Membership, rows, ["created_at"])
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
    for path, item in _items(document, "invitations", INVITATION_KEYS):
        values = build.values(Invitation, item, path, names)
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
    _insert(Invitation, rows, ["created_at"])
    _link_teams(Invitation, rows, links)


def _import_models(document, organisation, result):
    """(slug, version) → MaturityModel: the organisation's own ones created, shared ones
    found (with the same content) or created when this database lacks them."""
    found, in_use = {}, []
    for path, item in _items(document, "models", MODEL_KEYS):
        content = item["content"]
        errors = validate(content)
        if errors:
            where, message = errors[0]
            raise BackupError(f"{path}.content{where[1:]}", message)
        for flag in ("owned", "in_use"):
            if not isinstance(item[flag], bool):
                raise BackupError(f"{path}.{flag}", _("must be true or false"))
        status = _Builder.value(MaturityModel, "status", item["status"], f"{path}.status")
        key = (content["slug"], content["version"])
        if key in found:
            raise BackupError(f"{path}.content.version", _("this version is listed twice"))
        names = {"slug": key[0], "version": key[1]}
        existing = MaturityModel.objects.filter(slug=key[0], version=key[1]).first()
        if existing is not None and (item["owned"] or existing.organisation_id is not None):
            message = _("version %(version)s of “%(slug)s” exists already in this database")
            raise BackupError(f"{path}.content.version", message % names)
        if existing is not None and export_model(existing) != content:
            message = _(
                "version %(version)s of “%(slug)s” exists in this database with other content"
            )
            raise BackupError(f"{path}.content", message % names)
        model = existing
        if model is None:
            owner = organisation if item["owned"] else None
            try:
                model = import_model(content, organisation=owner, status=status)
            except ModelImportError as error:
                where, message = error.errors[0]
                raise BackupError(f"{path}.content{where[1:]}", message) from None
            result.created_models.append(key)
        if item["owned"]:
            created_at = _Builder.value(
                MaturityModel, "created_at", item["created_at"], f"{path}.created_at"
            )
            MaturityModel.objects.filter(pk=model.pk).update(created_at=created_at)
        found[key] = model
        if item["in_use"]:
            in_use.append(model)
    organisation.models_in_use.set(in_use)
    return found


def _import_assessments(document, teams, maturity_models, build):
    """Assessments with their answers, agreed answers, reopenings and stored scores;
    returns the document's assessment number → Assessment."""
    items = _items(document, "assessments", ASSESSMENT_KEYS)
    models_ = list(maturity_models.values())
    areas = defaultdict(dict)
    for area in Area.objects.filter(model__in=models_):
        areas[area.model_id][area.key] = area
    characteristics = defaultdict(set)
    for model_id, key in Characteristic.objects.filter(model__in=models_).values_list(
        "model_id", "key"
    ):
        characteristics[model_id].add(key)
    top_level = {
        model_id: number
        for model_id, number in MaturityModel.objects.filter(pk__in=[m.pk for m in models_])
        .annotate(top=models.Max("levels__number"))
        .values_list("pk", "top")
    }

    numbered, rows = {}, []
    names = [
        "label",
        "date",
        "state",
        "created_at",
        "submitted_at",
        "overall_score",
        "overall_level",
        "is_latest",
    ]
    for path, item in items:
        number = item["id"]
        if not isinstance(number, int) or isinstance(number, bool) or number in numbered:
            raise BackupError(f"{path}.id", _("must be a number not used by another assessment"))
        assessment = Assessment(
            team=_one_of(teams, item["team"], f"{path}.team", _("no team “%(key)s” in $.teams")),
            model=_one_of(
                maturity_models, item["model"], f"{path}.model", _("no model %(key)s in $.models")
            ),
            started_by=build.user(item["started_by"], f"{path}.started_by"),
            facilitator=build.user(item["facilitator"], f"{path}.facilitator"),
            submitted_by=build.user(item["submitted_by"], f"{path}.submitted_by"),
            **build.values(Assessment, item, path, names),
        )
        numbered[number] = assessment
        rows.append(assessment)
    _insert(Assessment, rows, ["created_at"])

    children = defaultdict(list)
    for (path, item), assessment in zip(items, rows, strict=True):
        model_id = assessment.model_id

        def answer_parts(x, p, model_id=model_id):
            area = _one_of(
                areas[model_id], x["area"], f"{p}.area", _("no area “%(key)s” in the model")
            )
            if not 0 <= x["level"] <= top_level[model_id]:
                raise BackupError(f"{p}.level", _("not a level of the model"))
            ticked = x["ticked"]
            if not isinstance(ticked, list) or not all(
                isinstance(key, str) and key in characteristics[model_id] for key in ticked
            ):
                raise BackupError(f"{p}.ticked", _("must list characteristics of the model"))
            return area

        for p, x in _children(item, path, "answers", ANSWER_KEYS):
            names = ["level", "ticked", "comment", "evidence", "sequence", "updated_at"]
            values = build.values(Answer, x, p, names)
            _check_links(values["evidence"], f"{p}.evidence")
            children[Answer].append(
                Answer(
                    assessment=assessment,
                    respondent=build.user(x["respondent"], f"{p}.respondent", required=True),
                    area=answer_parts(x, p),
                    **values,
                )
            )
        for p, x in _children(item, path, "agreed_answers", AGREED_KEYS):
            values = build.values(AgreedAnswer, x, p, ["level", "ticked", "note", "agreed_at"])
            children[AgreedAnswer].append(
                AgreedAnswer(
                    assessment=assessment,
                    agreed_by=build.user(x["agreed_by"], f"{p}.agreed_by"),
                    area=answer_parts(x, p),
                    **values,
                )
            )
        for p, x in _children(item, path, "reopenings", REOPENING_KEYS):
            children[Reopening].append(
                Reopening(
                    assessment=assessment,
                    by=build.user(x["by"], f"{p}.by"),
                    **build.values(Reopening, x, p, ["at", "reason"]),
                )
            )
        for model, key, keys in (
            (AreaScore, "area_scores", AREA_SCORE_KEYS),
            (DimensionScore, "dimension_scores", DIMENSION_SCORE_KEYS),
        ):
            for p, x in _children(item, path, key, keys):
                children[model].append(
                    model(assessment=assessment, **build.values(model, x, p, sorted(keys)))
                )
    _insert(Answer, children[Answer], ["updated_at"])
    _insert(AgreedAnswer, children[AgreedAnswer], ["agreed_at"])
    _insert(Reopening, children[Reopening], ["at"])
    _insert(AreaScore, children[AreaScore])
    _insert(DimensionScore, children[DimensionScore])
    return numbered


def _check_links(links, path):
    """Evidence links become links on pages: only web addresses, as the answer form allows."""
    validate_link = URLValidator(schemes=["http", "https"])
    for i, link in enumerate(_list(links, path)):
        try:
            validate_link(link)
        except (ValidationError, TypeError):
            raise BackupError(
                f"{path}[{i}]", _("not a web address (http:// or https://)")
            ) from None


def _children(item, path, key, keys):
    path = f"{path}.{key}"
    return [
        (f"{path}[{i}]", _object(x, f"{path}[{i}]", keys))
        for i, x in enumerate(_list(item[key], path))
    ]


def _import_targets(document, teams, build):
    rows = []
    for path, item in _items(document, "targets", TARGET_KEYS):
        rows.append(
            Target(
                team=_one_of(
                    teams, item["team"], f"{path}.team", _("no team “%(key)s” in $.teams")
                ),
                set_by=build.user(item["set_by"], f"{path}.set_by"),
                **build.values(Target, item, path, ["dimension_key", "level", "current", "set_at"]),
            )
        )
    _insert(Target, rows, ["set_at"])


def _import_reports(document, organisation, teams, assessments, build):
    """Reports as they were; one that was queued or still running when the document was
    made is never built here (its task stayed in the old site's queue): it is marked failed,
    so that it can be ordered again."""
    rows = []
    names = ["kind", "language", "state", "progress", "error", "file", "size"]
    names += ["created_at", "finished_at"]
    for path, item in _items(document, "reports", REPORT_KEYS):
        team = assessment = None
        if item["team"] is not None:
            team = _one_of(teams, item["team"], f"{path}.team", _("no team “%(key)s” in $.teams"))
        if item["assessment"] is not None:
            assessment = _one_of(
                assessments,
                item["assessment"],
                f"{path}.assessment",
                _("no assessment %(key)s in $.assessments"),
            )
        report = Report(
            organisation=organisation,
            team=team,
            assessment=assessment,
            ordered_by=build.user(item["ordered_by"], f"{path}.ordered_by"),
            **build.values(Report, item, path, names),
        )
        if not report.finished:
            report.state = Report.State.FAILED
            report.error = _("The report was not finished when the organisation was moved.")
            report.finished_at = report.created_at
        rows.append(report)
    _insert(Report, rows, ["created_at"])
