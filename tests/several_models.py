"""A team with results of two models: the shipped MLOps model and the small DevOps one
(tests/maturity/devops-mini.json: areas Collaboration, Delivery, Monitoring; levels 0–2)."""

from datetime import date

from assessments import services

MLOPS_AREAS = ["people", "model-creation", "model-release", "application-integration", "technology"]
MINI_AREAS = ["collaboration", "delivery", "monitoring"]


def submit(team, model, areas, label, day, level, *, member, manager):
    assessment = services.assessment_start(
        team=team, model=model, label=label, date=day, by=manager
    )
    for area in areas:
        services.answer_record(assessment=assessment, respondent=member, area_key=area, level=level)
    services.assessment_submit(assessment=assessment, by=manager)
    assessment.refresh_from_db()
    return assessment


def two_models(organisation, team, mlops, mini, *, member, manager):
    """Two submitted results of each model, the most recent one of the mini model."""
    organisation.models_in_use.add(mlops, mini)
    people = {"member": member, "manager": manager}
    return {
        "ml1": submit(team, mlops, MLOPS_AREAS, "ML 2026 Q1", date(2026, 1, 15), 1, **people),
        "mini1": submit(team, mini, MINI_AREAS, "Mini 2026 Q1", date(2026, 2, 15), 0, **people),
        "ml2": submit(team, mlops, MLOPS_AREAS, "ML 2026 Q2", date(2026, 4, 15), 3, **people),
        "mini2": submit(team, mini, MINI_AREAS, "Mini 2026 Q3", date(2026, 7, 15), 2, **people),
    }
