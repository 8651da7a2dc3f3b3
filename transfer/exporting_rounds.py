"""The rounds part of an organisation's export document (the format: transfer/document.py)."""

from collections import defaultdict

from rounds.models import Entry, Mail, Respondent, Round
from transfer.document import when


def _grouped(rows, key):
    groups = defaultdict(list)
    for row in rows:
        groups[getattr(row, key)].append(row)
    return groups


class RoundsExport:
    """An organisation's rounds with their entries, respondents and mails, in four queries;
    `users` and `models` name the people and model versions the document must list."""

    def __init__(self, organisation):
        self.rounds = list(Round.objects.filter(organisation=organisation).order_by("pk"))
        in_org = {"entry__round__organisation": organisation}
        self.entries = _grouped(
            Entry.objects.filter(round__organisation=organisation).order_by("pk"), "round_id"
        )
        self.respondents = _grouped(Respondent.objects.filter(**in_org).order_by("pk"), "entry_id")
        self.mails = _grouped(Mail.objects.filter(**in_org).order_by("pk"), "entry_id")
        self.models = {r.model_id for r in self.rounds}
        self.users = {r.opened_by_id for r in self.rounds} | {r.closed_by_id for r in self.rounds}
        for rows in (*self.respondents.values(), *self.mails.values()):
            self.users |= {row.user_id for row in rows}

    def document(self, email, slug_of, number_of, model_of):
        """The document's "rounds", given how it names people, teams, assessments, models."""
        return [
            {
                "label": r.label,
                "model": model_of[r.model_id],
                "opens_on": r.opens_on.isoformat(),
                "deadline": r.deadline.isoformat(),
                "anonymous": r.anonymous,
                "reminder_days": r.reminder_days,
                "opened_by": email[r.opened_by_id],
                "created_at": when(r.created_at),
                "invited_at": when(r.invited_at),
                "deadline_passed_at": when(r.deadline_passed_at),
                "closed_at": when(r.closed_at),
                "closed_by": email[r.closed_by_id],
                "entries": [
                    {
                        "team": slug_of[e.team_id],
                        "assessment": number_of[e.assessment_id],
                        "adopted": e.adopted,
                        "late": e.late,
                        "respondents": [
                            {"user": email[x.user_id], "added_at": when(x.added_at)}
                            for x in self.respondents[e.pk]
                        ],
                        "mails": [
                            {
                                "user": email[m.user_id],
                                "kind": m.kind,
                                "key": m.key,
                                "created_at": when(m.created_at),
                                "sent_at": when(m.sent_at),
                            }
                            for m in self.mails[e.pk]
                        ],
                    }
                    for e in self.entries[r.pk]
                ],
            }
            for r in self.rounds
        ]
