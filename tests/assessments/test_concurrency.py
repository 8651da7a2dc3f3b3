"""Concurrent saves in separate transactions, on PostgreSQL (row locks are real there)."""

import threading
from datetime import date

import pytest
from django.db import connection

from assessments import selectors, services
from assessments.models import Answer, Assessment
from tests.answers import answer_everything
from tests.factories import MembershipFactory, UserFactory

AREAS = ["people", "model-creation", "model-release", "application-integration", "technology"]


def in_threads(*jobs):
    """Run the jobs at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return errors


@pytest.fixture
def setting(organisation, team, mlops):
    organisation.models_in_use.add(mlops)
    people = []
    for n in range(4):
        user = UserFactory(email=f"r{n}@acme.example")
        MembershipFactory(user=user, organisation=organisation, role="member", teams=[team])
        people.append(user)
    assessment = services.assessment_start(
        team=team, model=mlops, label="2026 Q4", date=date(2026, 11, 1), by=people[0]
    )
    return assessment, people


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_respondents_saving_at_the_same_moment_keep_every_answer(setting):
    assessment, people = setting

    def save(person, level):
        def job():
            for area in AREAS:
                services.answer_record(
                    assessment=assessment, respondent=person, area_key=area, level=level
                )

        return job

    errors = in_threads(*(save(person, n) for n, person in enumerate(people)))

    assert errors == []
    assert Answer.objects.count() == len(people) * len(AREAS)
    for n, person in enumerate(people):
        assert set(Answer.objects.filter(respondent=person).values_list("level", flat=True)) == {n}


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_save_racing_a_submit_is_counted_or_refused_never_lost(setting):
    assessment, people = setting
    answer_everything(assessment, people[0], level=1)

    def submit():
        services.assessment_submit(assessment=assessment, by=people[0])

    def late_save():
        services.answer_record(
            assessment=assessment, respondent=people[1], area_key="people", level=4
        )

    errors = in_threads(submit, late_save)

    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.SUBMITTED
    saved = Answer.objects.filter(respondent=people[1]).exists()
    refused = [e for e in errors if isinstance(e, services.AssessmentLocked)]
    assert [e for e in errors if e not in refused] == []
    # Exactly one of the two stories happened.
    assert saved != bool(refused)


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_start_creates_one_assessment(
    organisation, team, mlops, manager, monkeypatch
):
    organisation.models_in_use.add(mlops)
    started, led_to = [], []
    # Both requests look before either has inserted: the unique index decides.
    looked, real = threading.local(), selectors.open_assessment

    def open_assessment(team, model):
        if not getattr(looked, "once", False):
            looked.once = True
            return None
        return real(team, model)

    monkeypatch.setattr(selectors, "open_assessment", open_assessment)

    def click():
        try:
            started.append(
                services.assessment_start(
                    team=team, model=mlops, label="2026 Q4", date=date(2026, 12, 2), by=manager
                )
            )
        except services.AssessmentOpen as refusal:
            led_to.append(refusal.assessment)

    errors = in_threads(click, click)

    assert errors == []
    (assessment,) = Assessment.objects.all()
    assert started == [assessment] and led_to == [assessment]
