"""Importing the plans part of an export document: the teams' actions, and the digests
recorded for its people (a week's digest sent before the move is not sent again)."""

from collections import defaultdict

from django.utils.translation import gettext as _

from maturity.models import Area, Characteristic
from plans.models import Action, Digest
from transfer.checks import assessment_of, document_items, insert, one_of
from transfer.document import ACTION_KEYS, DIGEST_KEYS, BackupError


def import_actions(document, teams, maturity_models, assessments, build):
    """The actions, in one bulk insert; returns how many."""
    models_ = list(maturity_models.values())
    areas, characteristics = defaultdict(dict), defaultdict(dict)
    for area in Area.objects.filter(model__in=models_):
        areas[area.model_id][area.key] = area
    for characteristic in Characteristic.objects.filter(model__in=models_):
        characteristics[characteristic.model_id][characteristic.key] = characteristic
    rows, live = [], set()
    names = ["title", "note", "due", "status", "created_at", "updated_at", "done_at"]
    for path, item in document_items(document, "actions", ACTION_KEYS):
        team = one_of(teams, item["team"], f"{path}.team", _("no team “%(key)s” in $.teams"))
        values = build.values(Action, item, path, names)
        area = characteristic = None
        if item["model"] is not None:
            model = one_of(
                maturity_models, item["model"], f"{path}.model", _("no model %(key)s in $.models")
            )
            area = one_of(
                areas[model.pk], item["area"], f"{path}.area", _("no area “%(key)s” in the model")
            )
            if item["characteristic"] is not None:
                characteristic = one_of(
                    characteristics[model.pk],
                    item["characteristic"],
                    f"{path}.characteristic",
                    _("no characteristic “%(key)s” in the model"),
                )
                if characteristic.area_id != area.pk:
                    raise BackupError(
                        f"{path}.characteristic", _("the characteristic is of another area")
                    )
        elif item["area"] is not None or item["characteristic"] is not None:
            raise BackupError(f"{path}.model", _("an area needs its model"))
        if characteristic is not None and values["status"] != Action.Status.DROPPED:
            if (team.pk, characteristic.pk) in live:
                raise BackupError(path, _("the team has another action for this characteristic"))
            live.add((team.pk, characteristic.pk))
        assessment = None
        if item["assessment"] is not None:
            assessment = assessment_of(assessments, item["assessment"], f"{path}.assessment")
        rows.append(
            Action(
                team=team,
                area=area,
                characteristic=characteristic,
                assessment=assessment,
                owner=build.user(item["owner"], f"{path}.owner"),
                created_by=build.user(item["created_by"], f"{path}.created_by"),
                done_by=build.user(item["done_by"], f"{path}.done_by"),
                **values,
            )
        )
    insert(Action, rows, ["created_at", "updated_at"])
    return len(rows)


def import_digests(document, build):
    """The digests recorded for the document's people; those already recorded here (a person
    who exists in this database) are kept as they are."""
    rows, seen = [], set()
    for path, item in document_items(document, "digests", DIGEST_KEYS):
        user = build.user(item["user"], f"{path}.user", required=True)
        values = build.values(Digest, item, path, ["week", "created_at", "sent_at"])
        if (user.pk, values["week"]) in seen:
            raise BackupError(path, _("this digest is listed twice"))
        seen.add((user.pk, values["week"]))
        rows.append(Digest(user=user, **values))
    existing = set(
        Digest.objects.filter(user__in={row.user for row in rows}).values_list("user_id", "week")
    )
    insert(Digest, [row for row in rows if (row.user_id, row.week) not in existing], ["created_at"])
