"""The mailing as production runs it: tasks in the database queue, the real `db_worker`."""

from collections import Counter

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from blog.subscriptions.models import Delivery
from tests.blog.subscriptions.factory import make_subscribers
from tests.factories import make_blog_index, make_post

pytestmark = pytest.mark.django_db

def queued(ours=True):
    """Ready tasks of the mailing (ours) or of anything else (Wagtail queues its own too)."""
    tasks = DBTaskResult.objects.ready()
    mailing = {"task_path__startswith": "blog.subscriptions."}
    return (tasks.filter(**mailing) if ours else tasks.exclude(**mailing)).count()


def test_the_worker_sends_the_mailing_until_the_queue_is_empty(
    database_queue, run_worker, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SUBSCRIPTIONS_BATCH_SIZE = 4
    subscribers = make_subscribers(10)
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post(index=make_blog_index())
    assert mailoutbox == []  # nothing is sent in the request that published
    assert queued() == 1

    run_worker()

    assert queued() == 0 and queued(ours=False) == 0
    assert Counter(m.to[0] for m in mailoutbox) == Counter({s.email: 1 for s in subscribers})
    assert Delivery.objects.filter(post=post, status="sent").count() == 10
    # fan-out, then three batches of at most four
    done = DBTaskResult.objects.filter(
        status="SUCCESSFUL", task_path__startswith="blog.subscriptions."
    )
    assert done.count() == 4


def test_a_worker_killed_between_batches_is_resumed_and_sends_exactly_once(
    database_queue, run_worker, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SUBSCRIPTIONS_BATCH_SIZE = 2
    subscribers = make_subscribers(5)
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post(index=make_blog_index())

    # Wagtail's own tasks and the fan-out were queued first; the fan-out queues the first batch.
    run_worker("--max-tasks", str(queued(ours=False) + 1), until_empty=False)
    assert mailoutbox == []
    run_worker("--max-tasks", "1", until_empty=False)
    assert len(mailoutbox) == 2

    # The worker takes the next batch and is killed before doing it: the task stays
    # RUNNING under a worker that no longer exists, and nothing else is queued.
    orphan = DBTaskResult.objects.ready().get(task_path__startswith="blog.subscriptions.")
    orphan.claim("killed-worker")
    run_worker()
    assert len(mailoutbox) == 2

    # The sweeper (run every few minutes by run_periodic) sees the mailing has stalled.
    settings.SUBSCRIPTIONS_STALL_AFTER = 0
    with django_capture_on_commit_callbacks(execute=True):
        call_command("resume_mailings", verbosity=0)
    run_worker()

    assert Counter(m.to[0] for m in mailoutbox) == Counter({s.email: 1 for s in subscribers})
    # Running the sweeper and the worker again sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("resume_mailings", verbosity=0)
    run_worker()
    assert len(mailoutbox) == 5
    assert Delivery.objects.filter(post=post, status="sent").count() == 5
    assert Delivery.objects.filter(post=post).exclude(status="sent").count() == 0
