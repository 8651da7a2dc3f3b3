from datetime import date

import pytest

from assessments import services
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def model_in_use(organisation, mlops):
    organisation.models_in_use.add(mlops)
    return mlops


@pytest.fixture
def assessment(team, model_in_use, manager):
    return services.assessment_start(
        team=team, model=model_in_use, label="2026 Q4", date=date(2026, 11, 20), by=manager
    )


@pytest.fixture
def second_member(organisation, team):
    user = UserFactory(email="dora@acme.example", name="Dora")
    MembershipFactory(user=user, organisation=organisation, role="member", teams=[team])
    return user


# The MLOps model's new next-level characteristics used in the tests below
# (level 2 → 3 in model creation adds nothing new; level 0 → 1 in people neither).
MODEL_CREATION_1_TO_2 = ["model-creation.2.2", "model-creation.2.3", "model-creation.2.4"]


def answer_everything(assessment, respondent, level=2, **overrides):
    """Answer every area of the MLOps model at one level."""
    for area in [
        "people",
        "model-creation",
        "model-release",
        "application-integration",
        "technology",
    ]:
        services.answer_record(
            assessment=assessment,
            respondent=respondent,
            area_key=area,
            level=overrides.get(area, level),
        )
