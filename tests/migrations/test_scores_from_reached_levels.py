"""assessments.0009 scores stored results again from the reached level (DESIGN.md, "Levels
that add nothing new"): the rows the old rule stored are migrated back to assessments.0008
and forward again."""

import pytest

from assessments import services
from assessments.models import AreaScore, Assessment, DimensionScore
from tests.answers import answer_everything
from tests.migrations.helpers import migrate, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("assessments", "0008_answer_revision")]
AFTER = [("assessments", "0009_scores_from_reached_levels")]


@pytest.fixture
def back_and_forth():
    yield
    migrate_to_latest()


def old_rule_rows(assessment):
    """What the old rule stored: People at 0 scored 0, Application integration at 1 scored 1."""
    for key, score in [("people", 0.0), ("application-integration", 1.0)]:
        AreaScore.objects.filter(assessment=assessment, area_key=key).update(
            level=int(score), score=score
        )
    DimensionScore.objects.filter(assessment=assessment, dimension_key="people").update(
        level=0, score=0.0
    )
    DimensionScore.objects.filter(assessment=assessment, dimension_key="process").update(
        level=0, score=1 / 3
    )
    Assessment.objects.filter(pk=assessment.pk).update(overall_score=1 / 9, overall_level=0)


def test_migration_scores_submitted_results_from_the_reached_level(
    back_and_forth, assessment, member, manager
):
    answer_everything(assessment, member, level=0, **{"application-integration": 1})
    services.assessment_submit(assessment=assessment, by=manager)
    old_rule_rows(assessment)
    migrate(BEFORE)

    migrate(AFTER)

    areas = {
        s.area_key: (s.level, s.score) for s in AreaScore.objects.filter(assessment=assessment)
    }
    assert areas == {
        "people": (1, 1.0),
        "model-creation": (0, 0.0),
        "model-release": (0, 0.0),
        "application-integration": (2, 2.0),
        "technology": (0, 0.0),
    }
    dimensions = {
        s.dimension_key: (s.level, round(s.score, 4))
        for s in DimensionScore.objects.filter(assessment=assessment)
    }
    assert dimensions == {"people": (1, 1.0), "process": (0, 0.6667), "technology": (0, 0.0)}
    assessment.refresh_from_db(fields=["overall_score", "overall_level"])
    assert (round(assessment.overall_score, 4), assessment.overall_level) == (0.5556, 0)


def test_migration_leaves_open_assessments_without_stored_scores(
    back_and_forth, assessment, member
):
    answer_everything(assessment, member, level=0)
    migrate(BEFORE)

    migrate(AFTER)

    assert not AreaScore.objects.exists()
    assessment.refresh_from_db(fields=["overall_score", "overall_level"])
    assert assessment.overall_score is None
