"""Importing the rounds of an export document: each with its entries, their respondents and
the e-mails recorded for them (sent ones stay sent: nobody is e-mailed again)."""

from django.utils.translation import gettext as _

from rounds.models import Entry, Mail, Respondent, Round
from rounds.services import RoundError, clean_reminder_days
from transfer.checks import assessment_of, children_of, document_items, insert, one_of
from transfer.document import ENTRY_KEYS, MAIL_KEYS, RESPONDENT_KEYS, ROUND_KEYS, BackupError


def import_rounds(document, organisation, teams, maturity_models, assessments, build):
    """Rounds, entries, respondents and mails, in one bulk insert each; returns the rounds."""
    rounds, entries, respondents, mails = [], [], [], []
    labels = set()
    names = ["label", "opens_on", "deadline", "anonymous", "created_at", "invited_at"]
    names += ["deadline_passed_at", "closed_at"]
    for path, item in document_items(document, "rounds", ROUND_KEYS):
        values = build.values(Round, item, path, names)
        if values["label"] in labels:
            raise BackupError(
                f"{path}.label", _("“%(key)s” is listed twice") % {"key": values["label"]}
            )
        labels.add(values["label"])
        if values["deadline"] < values["opens_on"]:
            raise BackupError(
                f"{path}.deadline", _("The deadline cannot come before the opening date.")
            )
        round_ = Round(
            organisation=organisation,
            model=one_of(
                maturity_models, item["model"], f"{path}.model", _("no model %(key)s in $.models")
            ),
            reminder_days=_reminder_days(item["reminder_days"], f"{path}.reminder_days"),
            opened_by=build.user(item["opened_by"], f"{path}.opened_by"),
            closed_by=build.user(item["closed_by"], f"{path}.closed_by"),
            **values,
        )
        rounds.append(round_)
        in_round = set()
        for p, x in children_of(item, path, "entries", ENTRY_KEYS):
            entry = _entry(round_, x, p, teams, assessments, build)
            if entry.team_id in in_round:
                raise BackupError(f"{p}.team", _("this team is in the round twice"))
            in_round.add(entry.team_id)
            entries.append(entry)
            respondents += _respondents(entry, x, p, build)
            mails += _mails(round_, entry, x, p, build)
    # Rows made before their round or entry had an id take its id when they are inserted.
    insert(Round, rounds, ["created_at"])
    insert(Entry, entries)
    insert(Respondent, respondents, ["added_at"])
    insert(Mail, mails, ["created_at"])
    return rounds


def _reminder_days(raw, path):
    if not isinstance(raw, list) or any(type(days) is not int for days in raw):
        raise BackupError(path, _("must list whole numbers of days"))
    try:
        return clean_reminder_days(raw)
    except RoundError as error:
        raise BackupError(path, str(error)) from None


def _entry(round_, item, path, teams, assessments, build):
    team = one_of(teams, item["team"], f"{path}.team", _("no team “%(key)s” in $.teams"))
    assessment = assessment_of(assessments, item["assessment"], f"{path}.assessment")
    # The progress page and the deadline rely on these, as round_open made them.
    if assessment.team_id != team.pk:
        raise BackupError(
            f"{path}.assessment",
            _("assessment %(number)s is of another team than “%(team)s”")
            % {"number": item["assessment"], "team": team.slug},
        )
    if assessment.model_id != round_.model.pk:
        raise BackupError(
            f"{path}.assessment",
            _("assessment %(number)s is of another model than its round")
            % {"number": item["assessment"]},
        )
    values = build.values(Entry, item, path, ["adopted", "late"])
    return Entry(round=round_, team=team, assessment=assessment, **values)


def _respondents(entry, item, path, build):
    rows, seen = [], set()
    for p, x in children_of(item, path, "respondents", RESPONDENT_KEYS):
        user = build.user(x["user"], f"{p}.user", required=True)
        if user.pk in seen:
            raise BackupError(f"{p}.user", _("“%(email)s” is listed twice") % {"email": user.email})
        seen.add(user.pk)
        rows.append(
            Respondent(entry=entry, user=user, **build.values(Respondent, x, p, ["added_at"]))
        )
    return rows


def _mails(round_, entry, item, path, build):
    rows, seen = [], set()
    for p, x in children_of(item, path, "mails", MAIL_KEYS):
        user = build.user(x["user"], f"{p}.user", required=True)
        values = build.values(Mail, x, p, ["kind", "key", "created_at", "sent_at"])
        # Recorded at most once (the model's constraint), so that it is sent at most once.
        if (user.pk, values["kind"], values["key"]) in seen:
            raise BackupError(p, _("this e-mail is listed twice"))
        seen.add((user.pk, values["kind"], values["key"]))
        rows.append(Mail(round=round_, entry=entry, user=user, **values))
    return rows
