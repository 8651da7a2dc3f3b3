"""What the write side tells the read side: an organisation's results or targets changed.

Sent once the transaction commits, so listeners (the dashboards' cache) never act on a
change that was rolled back. The write side knows nothing of who listens.
"""

from django.db import transaction
from django.dispatch import Signal

# Sent with `organisation`: its submitted results, or its teams' targets, changed.
results_changed = Signal()


def results_changed_on_commit(organisation) -> None:
    transaction.on_commit(
        lambda: results_changed.send(sender=results_changed, organisation=organisation)
    )


# Sent with `assessment_id`: a respondent gave a level for an area, or changed it (rounds
# tell the facilitator when a team has finished or its respondents disagree).
answer_recorded = Signal()


def answer_recorded_on_commit(assessment_id: int) -> None:
    transaction.on_commit(
        lambda: answer_recorded.send(sender=answer_recorded, assessment_id=assessment_id)
    )


# Sent with `assessment_ids`: these assessments were submitted (one by a person, or the complete
# ones of a round at its deadline), or one was reopened. Webhooks tell other systems.
assessment_submitted = Signal()
assessment_reopened = Signal()


def assessment_submitted_on_commit(assessment_ids: list[int]) -> None:
    ids = list(assessment_ids)
    if ids:
        transaction.on_commit(
            lambda: assessment_submitted.send(sender=assessment_submitted, assessment_ids=ids)
        )


def assessment_reopened_on_commit(assessment_id: int) -> None:
    transaction.on_commit(
        lambda: assessment_reopened.send(sender=assessment_reopened, assessment_ids=[assessment_id])
    )
