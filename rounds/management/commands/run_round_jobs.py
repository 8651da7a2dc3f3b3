from django.core.management.base import BaseCommand

from rounds import jobs


class Command(BaseCommand):
    help = (
        "Run the beat jobs of rounds once: invitations of rounds whose opening day has come, "
        "deadlines, due reminders, notes to facilitators; then queue again the e-mails left "
        "unsent. Safe to run while Celery beat runs them too."
    )

    def handle(self, *args, **options):
        done = jobs.run()
        self.stdout.write(
            "rounds invited: {invited}, deadlines passed: {deadlines}, rounds with reminders "
            "due: {reminded}, rounds with notes: {noted}, e-mails queued again: {requeued}".format(
                **done
            )
        )
