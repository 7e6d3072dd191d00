"""Fan-out of one new post to 10,000 confirmed subscribers, through the real task worker.

Runs on a scratch SQLite database (or DATABASE_URL), with the database task backend and the
local-memory e-mail backend (the outbox is emptied after each task, as an SMTP server keeps
nothing in the worker). Prints total time, deliveries per second, the worker's peak memory
(tracemalloc, a second run) and the queries each batch task makes. Nothing is asserted.

    .venv/bin/python bench/fanout.py [--subscribers 10000] [--batch 100]
"""

import argparse
import tempfile
import time
import tracemalloc
from pathlib import Path

from django_setup import setup  # also puts the project on sys.path


def make_subscribers(count):
    from django.utils import timezone

    from blog.subscriptions.models import Subscriber

    now = timezone.now()
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"person{n}@example.org",
                status=Subscriber.Status.CONFIRMED,
                confirmed_at=now,
                consent_text="bench",
                consent_network="192.0.2.0/24",
            )
            for n in range(count)
        ],
        batch_size=1000,
    )


def run_mailing(title, trace_memory):
    """Publish a post (queues the fan-out) and run the worker until the queue is empty."""
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection
    from django_tasks.signals import task_finished, task_started

    from blog.subscriptions.models import Delivery
    from tests.factories import make_post

    post = make_post(title=title)
    queries = {"task": None, "counts": []}

    def started(sender, task_result, **kwargs):
        queries["task"] = task_result.task.func.__name__
        queries["n"] = 0

    def finished(sender, task_result, **kwargs):
        if queries["task"] == "send_batch":
            queries["counts"].append(queries["n"])
        queries["task"] = None
        mail.outbox = []

    def count(execute, sql, params, many, context):
        if queries["task"]:
            queries["n"] += 1
        return execute(sql, params, many, context)

    task_started.connect(started)
    task_finished.connect(finished)
    if trace_memory:
        tracemalloc.start()
    start = time.perf_counter()
    with connection.execute_wrapper(count):
        call_command(
            "db_worker",
            "--batch",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0",
            verbosity=0,
        )
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if trace_memory else None
    tracemalloc.stop()
    task_started.disconnect(started)
    task_finished.disconnect(finished)
    sent = Delivery.objects.filter(post=post, status=Delivery.Status.SENT).count()
    return elapsed, sent, peak, queries["counts"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp) / "bench.sqlite3")
        from django.test.utils import override_settings

        from tests.factories import make_blog_index

        make_blog_index()
        make_subscribers(args.subscribers)
        with override_settings(
            TASKS={
                "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
            },
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            SUBSCRIPTIONS_BATCH_SIZE=args.batch,
        ):
            elapsed, sent, _, per_batch = run_mailing("Bench: timing", trace_memory=False)
            _, sent_traced, peak, _ = run_mailing("Bench: memory", trace_memory=True)

    from django.db import connection

    print(
        f"database: {connection.vendor}; subscribers: {args.subscribers:,}; "
        f"batch size: {args.batch}"
    )
    print(f"deliveries sent: {sent:,} (memory run: {sent_traced:,})")
    print(f"total time (fan-out + all batches, worker included): {elapsed:.2f} s")
    print(f"deliveries per second: {sent / elapsed:,.0f}")
    print(f"peak memory of the worker (tracemalloc): {peak / 1024 / 1024:.1f} MiB")
    print(
        f"queries per batch task: min {min(per_batch)}, max {max(per_batch)} "
        f"over {len(per_batch)} batches"
    )


if __name__ == "__main__":
    main()
