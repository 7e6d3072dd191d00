"""Kill the real task worker, or take the mail server down, in the middle of a mailing, and
count what every recipient got (issue 12). Used by tests/test_mail_faults.py (a few hundred
recipients a run) and bench/mail_faults.py (2,000).

The caller has Django set up on a database that other processes can open (a file SQLite
database or PostgreSQL) and commits what it writes (in pytest: `transactional_db`). Each run
publishes a post to its own confirmed subscribers and queues outbox e-mails (the site's
confirmations and notices) to its own readers; real `manage.py db_worker` processes send them
through tests.fakes.SmtpServer and are SIGKILLed at random points. Between workers the
sweepers run, as `run_periodic` does in production. Counted per recipient, from what the
server answered 250 to: delivered, duplicates, lost.

The one duplicate a kill can cause is a kill between the server's 250 and the worker's
UPDATE. After every kill the run compares what the server accepted with what the database
says was sent, so each duplicate is accounted for by the kill that caused it (`in_window`).
"""

import contextlib
import dataclasses
import io
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent

# The workers' settings (tests/mail_faults_settings.py) and the caller's, beside them.
# Claims, stalls and stale tasks expire at once: one worker runs at a time here, so anything
# held when a worker starts belongs to one that was killed. Back-off in seconds, not minutes.
FAULT_SETTINGS = {
    "TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}},
    "EMAIL_BACKEND": "mrblogg.outbox.QueuedEmailBackend",
    "EMAIL_TRANSPORT_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_HOST_USER": "",
    "EMAIL_HOST_PASSWORD": "",
    "EMAIL_USE_TLS": False,
    "EMAIL_USE_SSL": False,
    "EMAIL_TIMEOUT": 5,
    "SUBSCRIPTIONS_BATCH_SIZE": 50,
    "SUBSCRIPTIONS_CLAIM_TIMEOUT": 0,
    "SUBSCRIPTIONS_STALL_AFTER": 0,
    "SUBSCRIPTIONS_RETRY_DELAY": 1,
    "SUBSCRIPTIONS_RETRY_MAX_DELAY": 2,
    "OUTBOX_CLAIM_SECONDS": 0,
    "OUTBOX_SWEEP_GRACE": 0,
    "OUTBOX_RETRY_DELAY": 1,
    "OUTBOX_RETRY_MAX_DELAY": 2,
    "TASKS_STALE_AFTER": 0,
}
WORKER = ["db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.05"]


@dataclasses.dataclass
class Outcome:
    subscribers: int
    emails: int  # outbox e-mails, one reader each
    delivered: int = 0  # recipients who got theirs
    duplicates: int = 0  # copies beyond the first
    lost: int = 0  # recipients who got nothing
    failed: int = 0  # rows recorded FAILED
    kills: int = 0
    in_window: int = 0  # messages accepted but not yet marked when a worker was killed
    most_in_window: int = 0  # the most for one kill
    during_outage: dict = dataclasses.field(default_factory=dict)
    seconds: float = 0.0

    def line(self):
        return (
            f"subscribers {self.subscribers}, outbox e-mails {self.emails}: "
            f"delivered {self.delivered}, duplicates {self.duplicates}, lost {self.lost}, "
            f"failed {self.failed}; kills {self.kills}, killed between 250 and UPDATE "
            f"{self.in_window}; {self.seconds:.1f} s"
        )


class Run:
    def __init__(self, name, server, subscribers, emails, rng=None, log=None):
        self.name, self.server = name, server
        self.outcome = Outcome(subscribers, emails)
        self.rng = rng or random.Random()
        self.log = log  # a file for the workers' output, or None
        self.subscriber_addresses = {f"abonnent-{name}-{n}@example.org" for n in range(subscribers)}
        self.reader_addresses = {f"lasare-{name}-{n}@example.org" for n in range(emails)}
        self.post = None
        self._base = 0  # messages the server had accepted before this run
        self._counted = Counter()  # acceptances per recipient at the last kill

    # What the run writes and reads, in the caller's process.

    def settings(self):
        from django.test.utils import override_settings

        return override_settings(**FAULT_SETTINGS, EMAIL_PORT=self.server.port)

    def publish(self):
        """The run's subscribers (everyone earlier unsubscribed), its outbox e-mails, its post."""
        from django.core.mail import send_mail
        from django.db import transaction
        from django.utils import timezone

        from blog.subscriptions.models import Subscriber
        from tests.factories import make_post

        now = timezone.now()
        Subscriber.objects.update(status=Subscriber.Status.UNSUBSCRIBED)
        Subscriber.objects.bulk_create(
            [
                Subscriber(email=address, status=Subscriber.Status.CONFIRMED, confirmed_at=now,
                           consent_text="test", consent_network="192.0.2.0/24")
                for address in sorted(self.subscriber_addresses)
            ],
            batch_size=500,
        )
        with self.settings(), transaction.atomic():
            for address in sorted(self.reader_addresses):
                send_mail("Bekräfta din e-postadress", "Välkommen till MR-bloggen.", None,
                          [address])
        with self.settings():
            self.post = make_post(title=f"Nytt inlägg {self.name}")

    def sent_addresses(self):
        from blog.subscriptions.models import Delivery
        from mrblogg.models import OutgoingEmail

        sent = set(
            Delivery.objects.filter(post=self.post, status=Delivery.Status.SENT)
            .values_list("subscriber__email", flat=True)
        )
        sent |= set(
            OutgoingEmail.objects.filter(
                status=OutgoingEmail.Status.SENT, recipients__startswith=f"lasare-{self.name}-"
            ).values_list("recipients", flat=True)
        )
        return sent

    def statuses(self):
        from blog.subscriptions.models import Delivery
        from mrblogg.models import OutgoingEmail

        deliveries = Counter(
            Delivery.objects.filter(post=self.post).values_list("status", flat=True)
        )
        emails = Counter(
            OutgoingEmail.objects.filter(recipients__startswith=f"lasare-{self.name}-")
            .values_list("status", flat=True)
        )
        return {"deliveries": dict(deliveries), "outbox": dict(emails)}

    def unfinished(self):
        statuses = self.statuses()
        done = sum(statuses["deliveries"].get(s, 0) for s in ("sent", "failed"))
        done += sum(statuses["outbox"].get(s, 0) for s in ("sent", "failed"))
        return done < len(self.subscriber_addresses) + len(self.reader_addresses)

    def sweep(self):
        """What `run_periodic` does every few minutes: requeue stale tasks, resume mailings,
        queue due e-mail."""
        from django.core.management import call_command

        # The sweepers report what they queued on stdout; a run reports through its Outcome.
        with self.settings(), contextlib.redirect_stdout(io.StringIO()):
            call_command("run_periodic", "--once", verbosity=0)

    def finish(self, timeout=90):
        """Sweep and run the worker until everything of the run is sent (or failed)."""
        from django.core.management import call_command

        deadline = time.monotonic() + timeout
        while self.unfinished() and time.monotonic() < deadline:
            self.sweep()
            with self.settings():
                call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay",
                             "--interval", "0", verbosity=0)
            if self.unfinished():
                time.sleep(0.3)  # a back-off still running

    def tally(self):
        from blog.subscriptions.models import Delivery
        from mrblogg.models import OutgoingEmail

        expected = self.subscriber_addresses | self.reader_addresses
        counts = Counter(r for message in self.server.accepted for r in message if r in expected)
        o = self.outcome
        o.delivered = len(counts)
        o.duplicates = sum(n - 1 for n in counts.values())
        o.lost = len(expected - counts.keys())
        o.failed = Delivery.objects.filter(post=self.post, status="failed").count()
        o.failed += OutgoingEmail.objects.filter(
            status="failed", recipients__startswith=f"lasare-{self.name}-"
        ).count()
        return o

    # The workers, in processes of their own.

    def database_url(self):
        from django.db import connection

        db = connection.settings_dict
        if connection.vendor == "sqlite":
            return f"sqlite:///{db['NAME']}"
        credentials = quote(db["USER"] or "")
        if db["PASSWORD"]:
            credentials += ":" + quote(db["PASSWORD"])
        host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
        return f"postgres://{credentials}@{host}/{db['NAME']}"

    def start_worker(self):
        env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="tests.mail_faults_settings",
            DATABASE_URL=self.database_url(),
            MAIL_FAULTS_SMTP_PORT=str(self.server.port),
            PYTHONWARNINGS="ignore",
        )
        output = self.log or subprocess.DEVNULL
        return subprocess.Popen([sys.executable, "manage.py", *WORKER], cwd=ROOT, env=env,
                                stdout=output, stderr=output)

    def kill(self, worker):
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        self.server.wait_idle()
        self.outcome.kills += 1
        expected = self.subscriber_addresses | self.reader_addresses
        counts = Counter(r for message in self.server.accepted for r in message if r in expected)
        # Accepted, not yet marked, and accepted again since the last kill (a message left in
        # the window by an earlier kill, not yet re-sent when this one came, is not new): this
        # worker's last message, sent again by the next one.
        sent = self.sent_addresses()
        window = sum(
            1 for r, n in counts.items() if r not in sent and n > self._counted.get(r, 0)
        )
        self._counted = counts
        self.outcome.in_window += window
        self.outcome.most_in_window = max(self.outcome.most_in_window, window)

    def wait_for_accepted(self, count, worker, patience=20):
        """Until the server has accepted `count` messages of this run (or the worker stops
        making progress)."""
        expected = self.subscriber_addresses | self.reader_addresses
        seen, last, since = 0, -1, time.monotonic()
        while worker.poll() is None:
            seen = sum(1 for message in self.server.accepted[self._base:] if message[0] in expected)
            if seen >= count:
                return
            if seen != last:
                last, since = seen, time.monotonic()
            elif time.monotonic() - since > patience:
                return
            time.sleep(0.0005)

    # The two scenarios.

    def with_kills(self, kills):
        """SIGKILL a worker `kills` times: once at a random moment after it starts (start-up,
        fan-out or sending), then each time after a random number of accepted messages and a
        random moment more. Then sweep and finish."""
        start = time.monotonic()
        self._base = len(self.server.accepted)
        self.publish()
        total = len(self.subscriber_addresses) + len(self.reader_addresses)
        targets = sorted(self.rng.sample(range(1, total), kills - 1))
        worker = self.start_worker()
        time.sleep(self.rng.uniform(0.5, 4.0))
        self.kill(worker)
        for target in targets:
            self.sweep()
            worker = self.start_worker()
            self.wait_for_accepted(target, worker)
            # Several messages' worth of time: the kill falls at a uniformly random moment of
            # a message's cycle, not just after a 250.
            time.sleep(self.rng.uniform(0, 0.02))
            self.kill(worker)
        self.finish()
        self.outcome.seconds = time.monotonic() - start
        return self.tally()

    def with_outage(self, outage_seconds=3.0, patience=60):
        """The mail server down when the mailing starts: a worker tries for a while and is
        stopped; what it left is recorded; the server comes back and a worker finishes."""
        start = time.monotonic()
        self._base = len(self.server.accepted)
        self.server.stop()
        self.publish()
        worker = self.start_worker()
        self._wait_until_all_refused(worker, timeout=patience)
        time.sleep(outage_seconds)
        worker.send_signal(signal.SIGTERM)  # finishes its task, then stops
        worker.wait(timeout=30)
        self.outcome.during_outage = self.statuses()
        self.server.start()
        worker = self.start_worker()
        deadline = time.monotonic() + patience
        while self.unfinished() and time.monotonic() < deadline:
            # run_periodic's sweepers, as in production: the SIGTERM may have stopped the
            # first worker between claiming a task and running it, leaving it RUNNING.
            self.sweep()
            time.sleep(1)
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        self.finish()
        self.outcome.seconds = time.monotonic() - start
        return self.tally()

    def _wait_until_all_refused(self, worker, timeout=60):
        """Until every delivery and every e-mail of the run has met the refusal once."""
        from blog.subscriptions.models import Delivery
        from mrblogg.models import OutgoingEmail

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and worker.poll() is None:
            refused = Delivery.objects.filter(
                post=self.post, failure_reason__startswith="No connection"
            ).count()
            tried = OutgoingEmail.objects.filter(
                recipients__startswith=f"lasare-{self.name}-", attempts__gte=1
            ).count()
            if refused == len(self.subscriber_addresses) and tried == len(self.reader_addresses):
                return
            time.sleep(0.1)
