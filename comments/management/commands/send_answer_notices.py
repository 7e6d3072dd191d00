"""The sweeper of "told when answered": the notice task again for every published answer
whose notices still wait (a worker died, or the task was never queued).

Run every few minutes by `manage.py run_periodic` (settings.PERIODIC_COMMANDS). Safe to run
any number of times: the task hands each notice to the outbox once (comments/notify.py).
"""

from django.core.management import BaseCommand

from comments.notify import queue_stuck


class Command(BaseCommand):
    help = "Re-queues the e-mails that tell readers of answers, where a worker died."

    def handle(self, *args, **options):
        queued = queue_stuck()
        if queued:
            self.stdout.write(f"Queued notices for {queued} answers.")
