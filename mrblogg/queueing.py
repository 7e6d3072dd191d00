"""Queueing a task after the commit, now or for later: django-tasks has no
ENQUEUE_ON_COMMIT (how long to wait before a retry: mrblogg/retry.py)."""

from django.db import transaction
from django.utils import timezone


def enqueue_after_commit(task_obj, *args, run_after=None, robust=True):
    """Queue `task_obj(*args)` once the current transaction commits (at once outside one),
    not to run before `run_after` when that is given.

    A backend that cannot wait (the immediate one in tests) gets no task for a time still to
    come: the caller's sweeper queues it when it is due.

    robust: a failure to queue (the database gone right after the commit) is logged by
    Django instead of failing a request whose work is already committed; the callers' own
    sweepers queue the task again. A named function rather than a functools.partial,
    because Django names the callback in that log line (partial has no __qualname__).
    """
    if run_after is not None:
        if task_obj.get_backend().supports_defer:
            task_obj = task_obj.using(run_after=run_after)
        elif run_after > timezone.now():
            return

    def enqueue():
        # Its own transaction: a failed insert into the queue leaves no broken transaction
        # behind for whatever runs next on this connection.
        with transaction.atomic():
            task_obj.enqueue(*args)

    enqueue.__qualname__ = f"enqueue {task_obj.name}{args!r}"
    enqueue.task, enqueue.args = task_obj, args  # for tests that look at what was queued
    transaction.on_commit(enqueue, robust=robust)

