"""Celery tasks of rounds: thin, each taking ids and calling a plain function, safe to run
twice (a redelivered message, two beat processes). Sending e-mails is `rounds.sending.send_mails`
(below rounds.mails, which queues it)."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from rounds import jobs
from rounds.sending import send_mails  # noqa: F401 - defined beside what it wraps


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=3,
)
def facilitator_notes(assessment_id):
    """Right after an answer: does the team's facilitator need a note? (The beat job catches
    up on any this misses.)"""
    jobs.notes(assessment_ids=[assessment_id])


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_round_jobs():
    """Celery beat, every few minutes: invitations, reminders, notes, deadlines."""
    return jobs.run()
