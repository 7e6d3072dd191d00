"""The sweeper: re-queue mailings whose task chain stopped because a worker died.

Run every few minutes by `manage.py run_periodic` (settings.PERIODIC_COMMANDS). Safe to run
any number of times: every task it queues is idempotent.
"""

from django.core.management import BaseCommand

from blog.subscriptions.tasks import resume_stalled


class Command(BaseCommand):
    help = "Re-queues subscription mailings whose worker died before finishing."

    def handle(self, *args, **options):
        resumed = resume_stalled()
        if resumed:
            self.stdout.write(f"Resumed mailings for posts: {', '.join(map(str, resumed))}")
