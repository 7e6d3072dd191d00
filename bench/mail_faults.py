"""Mail that is never lost or doubled (issue 12): the real `db_worker` SIGKILLed at random
points during a mailing, and the SMTP server down when a mailing starts, then up.

Runs on a scratch SQLite database (or DATABASE_URL, which it migrates and writes into), with
tests.fakes.SmtpServer on 127.0.0.1 and the harness of tests/mail_faults.py. Prints per run:
subscribers and outbox e-mails, recipients delivered, duplicates, lost, rows FAILED, and how
many kills fell between the server's 250 and the worker's UPDATE (each of those is the one
duplicate it causes); then the time one such UPDATE takes on this database.

    .venv/bin/python bench/mail_faults.py [--subscribers 2000] [--emails 200] [--runs 3]
                                          [--kills 5] [--seed 12]
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from django_setup import setup  # also puts the project on sys.path


def mark_time(count=200):
    """Median milliseconds of one committed mark of a delivery as sent (mark_accepted)."""
    from django.utils import timezone

    from blog.subscriptions.models import Delivery
    from mrblogg.outbox import mark_accepted

    pks = list(Delivery.objects.values_list("pk", flat=True)[:count])
    times = []
    for pk in pks:
        start = time.perf_counter()
        mark_accepted(Delivery.objects.filter(pk=pk), sent_at=timezone.now())
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=2000)
    parser.add_argument("--emails", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp) / "bench.sqlite3")
        from django.db import connection

        from tests.factories import make_blog_index
        from tests.fakes import SmtpServer
        from tests.mail_faults import Run

        make_blog_index()
        server = SmtpServer().start()
        rng = random.Random(args.seed)
        print(f"database: {connection.vendor}; batch size 50; one worker at a time")
        outcomes = []
        for n in range(1, args.runs + 1):
            run = Run(f"bench{n}-{rng.randrange(10**6)}", server, args.subscribers, args.emails,
                      rng=rng)
            outcome = run.with_kills(args.kills)
            outcomes.append(outcome)
            print(f"kill run {n}: {outcome.line()}")
        run = Run(f"outage-{rng.randrange(10**6)}", server, args.subscribers, args.emails)
        outcome = run.with_outage(outage_seconds=3, patience=900)
        print(f"SMTP down then up: {outcome.line()}")
        print(f"  while down: {outcome.during_outage}")
        server.stop()
        kills = sum(o.kills for o in outcomes)
        window = sum(o.in_window for o in outcomes)
        print(f"kills {kills}, of which between 250 and UPDATE {window}; "
              f"one committed mark takes {mark_time():.2f} ms (median) here")


if __name__ == "__main__":
    main()
