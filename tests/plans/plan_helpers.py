"""Helpers of the plans tests: a submitted assessment, characteristics by key."""

from assessments import services
from maturity.models import Characteristic
from tests.answers import answer_everything


def submit(assessment, respondent, by, level=1, **overrides):
    """Answer every area of the MLOps model and submit: at level 1 each area's next step has
    characteristics not in place (StepGap rows)."""
    answer_everything(assessment, respondent, level=level, **overrides)
    return services.assessment_submit(assessment=assessment, by=by)


def characteristic(model, key):
    return Characteristic.objects.select_related("area").get(model=model, key=key)
