"""Helpers for the tests of the rounds' pages (and the role matrix and fuzz): opening a round."""

from datetime import timedelta

from django.utils import timezone

from rounds import services


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
