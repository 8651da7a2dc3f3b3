from collections import Counter

import pytest
from django.core.management import call_command

from assessments import selectors
from assessments.models import AgreedAnswer, Assessment


@pytest.fixture
def demo(db):
    call_command("load_models", verbosity=0)
    call_command("seed_demo", verbosity=0)


def test_demo_teams_have_quarterly_histories_and_one_open_assessment(demo):
    submitted = Counter(
        Assessment.objects.filter(state="submitted").values_list("team__slug", flat=True)
    )
    assert len(submitted) >= 6
    assert all(4 <= count <= 8 for count in submitted.values()), submitted
    assert Assessment.objects.filter(state="in_progress").count() == 1


def test_demo_shows_progress_and_disagreement(demo):
    for team in Assessment.objects.values_list("team", flat=True).distinct():
        history = list(Assessment.objects.filter(team=team, state="submitted").order_by("date"))
        results = selectors.results(history)
        scores = [results[a.pk].overall.score for a in history]
        assert scores[-1] > scores[0], scores
        assert all(r.complete for r in results.values())
    disagreements = [
        area
        for result in selectors.results(Assessment.objects.all()).values()
        for area in result.areas.values()
        if area.disagreement
    ]
    assert disagreements
    assert AgreedAnswer.objects.exists()
