"""The plans part of an organisation's export document (the format: transfer/document.py):
the teams' actions, and the weekly digests recorded for the people the document lists."""

from maturity.models import Area, Characteristic
from plans.models import Action, Digest
from transfer.document import when


class PlansExport:
    """The organisation's actions in three queries; `users` and `models` name the people and
    model versions the document must list."""

    def __init__(self, organisation):
        self.actions = list(Action.objects.filter(team__organisation=organisation).order_by("pk"))
        self.areas = {
            pk: (model_id, key)
            for pk, model_id, key in Area.objects.filter(
                pk__in={a.area_id for a in self.actions} - {None}
            ).values_list("pk", "model_id", "key")
        }
        self.characteristics = dict(
            Characteristic.objects.filter(
                pk__in={a.characteristic_id for a in self.actions} - {None}
            ).values_list("pk", "key")
        )
        self.models = {model_id for model_id, _key in self.areas.values()}
        self.users = set()
        for a in self.actions:
            self.users |= {a.owner_id, a.created_by_id, a.done_by_id}

    def actions_document(self, email, slug_of, number_of, model_of):
        rows = []
        for a in self.actions:
            model_id, area_key = self.areas.get(a.area_id, (None, None))
            rows.append(
                {
                    "team": slug_of[a.team_id],
                    "title": a.title,
                    "note": a.note,
                    "owner": email[a.owner_id],
                    "due": a.due.isoformat() if a.due else None,
                    "status": a.status,
                    "model": model_of[model_id] if model_id else None,
                    "area": area_key,
                    "characteristic": self.characteristics.get(a.characteristic_id),
                    "assessment": number_of.get(a.assessment_id),
                    "created_by": email[a.created_by_id],
                    "created_at": when(a.created_at),
                    "updated_at": when(a.updated_at),
                    "done_at": when(a.done_at),
                    "done_by": email[a.done_by_id],
                }
            )
        return rows


def digests_document(users):
    """The digests recorded for these people (sent or not), so that after a move nobody gets
    a week's digest twice."""
    email = {user.pk: user.email for user in users}
    return [
        {
            "user": email[d.user_id],
            "week": d.week,
            "created_at": when(d.created_at),
            "sent_at": when(d.sent_at),
        }
        for d in Digest.objects.filter(user__in=users).order_by("user__email", "week")
    ]
