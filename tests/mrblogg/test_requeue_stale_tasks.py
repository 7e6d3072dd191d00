"""The task queue's sweeper (mrblogg/management/commands/requeue_stale_tasks.py): a task left
RUNNING by a killed worker runs again; a task another worker is running is left alone."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mrblogg.outbox import deliver_email

pytestmark = pytest.mark.django_db


def running_since(minutes):
    result = DBTaskResult.objects.get(pk=deliver_email.enqueue(10**6).id)
    result.claim("a-worker")
    DBTaskResult.objects.filter(pk=result.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=minutes))
    return result.pk


def test_a_task_whose_worker_died_is_queued_again_and_runs(database_queue, run_worker, settings):
    settings.TASKS_STALE_AFTER = 1800
    orphan = running_since(31)
    busy = running_since(5)

    run_worker()  # nothing is ready: the orphan would stay RUNNING for ever
    assert DBTaskResult.objects.get(pk=orphan).status == "RUNNING"

    call_command("requeue_stale_tasks", verbosity=0)
    assert DBTaskResult.objects.get(pk=orphan).status == "READY"
    assert DBTaskResult.objects.get(pk=busy).status == "RUNNING"

    run_worker()
    orphan_result = DBTaskResult.objects.get(pk=orphan)
    assert orphan_result.status == "SUCCESSFUL"
    assert orphan_result.return_value == "nothing to do"
    assert DBTaskResult.objects.get(pk=busy).status == "RUNNING"
