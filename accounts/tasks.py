from celery import shared_task

from accounts.emails import send_invitation


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_invitation_email(invitation_id, base_url=None):
    send_invitation(invitation_id, base_url)
