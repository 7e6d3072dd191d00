"""Queueing a task after the commit: django-tasks has no ENQUEUE_ON_COMMIT."""

from django.db import transaction


def enqueue_after_commit(task_obj, *args, robust=True):
    """Queue `task_obj(*args)` once the current transaction commits (at once outside one).

    robust: a failure to queue (the database gone right after the commit) is logged by
    Django instead of failing a request whose work is already committed; the callers' own
    sweepers queue the task again. A named function rather than a functools.partial,
    because Django names the callback in that log line (partial has no __qualname__).
    """

    def enqueue():
        # Its own transaction: a failed insert into the queue leaves no broken transaction
        # behind for whatever runs next on this connection.
        with transaction.atomic():
            task_obj.enqueue(*args)

    enqueue.__qualname__ = f"enqueue {task_obj.name}{args!r}"
    enqueue.task, enqueue.args = task_obj, args  # for tests that look at what was queued
    transaction.on_commit(enqueue, robust=robust)
