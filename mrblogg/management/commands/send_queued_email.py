"""The outbox's sweeper: queue a task again for every e-mail that is due and whose task did
not run (worker down or killed, task lost). Run every minute by `manage.py run_periodic`.
Safe to run any number of times: `deliver_email` sends a row at most once."""

from django.core.management import BaseCommand

from mrblogg.outbox import queue_due


class Command(BaseCommand):
    help = "Queues delivery again for e-mails in the outbox whose delivery task did not run."

    def add_arguments(self, parser):
        parser.add_argument("--grace", type=int, default=None,
                            help="Seconds a due e-mail may wait for its task (OUTBOX_SWEEP_GRACE).")

    def handle(self, *args, grace=None, **options):
        count = queue_due(grace=grace)
        if count:
            self.stdout.write(f"Queued {count} e-mail(s) for delivery again.")
