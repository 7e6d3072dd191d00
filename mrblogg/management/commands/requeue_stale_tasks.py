"""The task queue's sweeper: a task RUNNING for longer than TASKS_STALE_AFTER lost its
worker (SIGKILL, a machine gone), and django-tasks' database backend would leave it RUNNING
for ever. This puts it back in the queue. Every task of the project is idempotent and takes
primary keys, and Wagtail's own (search and reference index updates) are too, so running
one again is safe. Run every five minutes by `manage.py run_periodic`."""

import datetime

from django.conf import settings
from django.core.management import BaseCommand
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def requeue_stale_tasks(now=None):
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.TASKS_STALE_AFTER)
    return DBTaskResult.objects.running().filter(started_at__lt=cutoff).update(
        status=TaskResultStatus.READY, started_at=None, run_after=now
    )


class Command(BaseCommand):
    help = "Puts tasks whose worker died (RUNNING too long) back in the queue."

    def handle(self, *args, **options):
        count = requeue_stale_tasks()
        if count:
            self.stdout.write(f"Requeued {count} task(s) whose worker had stopped.")
