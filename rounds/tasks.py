from celery import shared_task

from rounds import sending


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_mails(mail_ids, base_url=None):
    sending.send(mail_ids, base_url)
