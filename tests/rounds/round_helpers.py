"""Helpers for the tests of the rounds' pages (and the role matrix and fuzz): opening a round,
and reminding through `rounds.mails.nudge`.

`nudge` comes with the mail helper's branch. Until it is implemented, `nudging()` lets the pages
remind through a stand-in that records what the real one promises (one reminder a person a
day, only to those who have not answered every area); once it is implemented, the real one
runs and the stand-in steps aside by itself.
"""

import contextlib
from datetime import timedelta
from unittest import mock

from django.db.models import Count
from django.utils import timezone

from assessments.models import Answer, Assessment
from maturity.models import Area
from rounds import mails, services
from rounds.models import Mail, Respondent

REAL_NUDGE = mails.nudge


def open_round(organisation, teams, by, model, **kwargs):
    today = timezone.localdate()
    values = {
        "organisation": organisation,
        "label": "2027 Q1",
        "model": model,
        "opens_on": today,
        "deadline": today + timedelta(days=14),
        "teams": teams,
        "by": by,
    }
    return services.round_open(**{**values, **kwargs})


def stand_in_nudge(round_, entries=None, base_url=None):
    respondents = Respondent.objects.filter(
        entry__round=round_, entry__assessment__state__in=Assessment.OPEN_STATES
    ).select_related("entry")
    if entries is not None:
        respondents = respondents.filter(entry__in=entries)
    areas = Area.objects.filter(model_id=round_.model_id).count()
    answered = {
        (row["assessment_id"], row["respondent_id"]): row["n"]
        for row in Answer.objects.filter(assessment__round_entry__round=round_)
        .values("assessment_id", "respondent_id")
        .annotate(n=Count("pk"))
    }
    key = timezone.localdate().isoformat()
    sent = set(
        Mail.objects.filter(round=round_, kind=Mail.Kind.NUDGE, key=key).values_list(
            "entry_id", "user_id"
        )
    )
    new = [
        Mail(round=round_, entry_id=r.entry_id, user_id=r.user_id, kind=Mail.Kind.NUDGE, key=key)
        for r in respondents
        if answered.get((r.entry.assessment_id, r.user_id), 0) < areas
        and (r.entry_id, r.user_id) not in sent
    ]
    Mail.objects.bulk_create(new)
    return len(new)


def nudge_or_stand_in(round_, entries=None, base_url=None):
    try:
        return REAL_NUDGE(round_, entries=entries, base_url=base_url)
    except NotImplementedError:
        return stand_in_nudge(round_, entries=entries, base_url=base_url)


@contextlib.contextmanager
def nudging():
    with mock.patch.object(mails, "nudge", nudge_or_stand_in):
        yield
