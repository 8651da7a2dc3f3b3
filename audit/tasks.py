from celery import shared_task

from audit.services import entries_delete_old


@shared_task
def delete_old_entries() -> int:
    return entries_delete_old()
