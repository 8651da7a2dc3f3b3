from django.core.management.base import BaseCommand

from plans import digests


class Command(BaseCommand):
    help = (
        "Send this week's digests of open and overdue actions to their owners, each once: "
        "run it again in the same week and only those not sent yet go out. Safe to run "
        "while Celery beat sends them too. Without REDIS_URL they are sent right away, with "
        "it by the Celery worker."
    )

    def handle(self, *args, **options):
        done = digests.run()
        self.stdout.write("digests of {week} not sent yet: {queued}".format(**done))
