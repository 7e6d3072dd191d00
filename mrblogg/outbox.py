"""The e-mail outbox: no e-mail is lost because the mail server is down.

`QueuedEmailBackend` is the site's EMAIL_BACKEND (settings.base). Every e-mail the site
sends — a comment decision, a notice to officers, a subscription confirmation, a contact
receipt, a registration confirmation, allauth's verification and password-reset mail,
Wagtail's own notices — is stored as an `OutgoingEmail` row in the transaction that caused
it, and handed to the real backend (EMAIL_TRANSPORT_BACKEND: SMTP in production) by the task
`deliver_email` after the commit. A request therefore never waits for, or fails with, the
mail server.

django-tasks has no retries, so `deliver_email` builds its own: on a temporary failure it
records the error and queues itself again with `run_after` (back-off doubling from
OUTBOX_RETRY_DELAY up to OUTBOX_RETRY_MAX_DELAY) until OUTBOX_GIVE_UP_AFTER has passed since
the e-mail was written; a permanent refusal (mrblogg/retry.py `is_permanent`) is final at
once. A worker claims a row (`claimed_until`) before it talks to the server, so two workers
never send the same e-mail and no database lock is held during the SMTP conversation; a worker that dies loses its claim
when it expires, and `send_queued_email` (run by `run_periodic`) queues a task again for
every row that is due and whose task did not run. The row is marked sent by one UPDATE right
after the server accepted it, so an e-mail can be sent twice only if a worker dies in that
one database write after the server took it (at least once: the alternative loses mail).

Personal data does not stay here: the stored message is emptied the moment it is sent,
`purge` (run by `run_periodic` through `purge_outbox`) deletes sent and failed rows after
MailSettings.outbox_retention_days, and `forget_recipient` removes what waits for or was
sent to an address whose owner erased their account.

Mass mailings to subscribers do not pass through here: they have their own Delivery rows,
batches and retry (blog/subscriptions/tasks.py), and send through `transport_connection()`.
"""

import datetime
import logging
import re
import smtplib
from email.utils import getaddresses

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connections, transaction
from django.utils import timezone
from django_tasks import task

from . import retention
from .models import OutgoingEmail
from .queueing import enqueue_after_commit
from .retry import backoff, is_permanent

logger = logging.getLogger(__name__)

BACKEND_PATH = "mrblogg.outbox.QueuedEmailBackend"


class QueuedEmailBackend(BaseEmailBackend):
    """Stores each message; the worker sends it after the commit."""

    def send_messages(self, email_messages):
        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            row = OutgoingEmail.of(message)
            row.save()
            enqueue_after_commit(deliver_email, row.pk)
            queued += 1
        return queued


def transport_connection(**kwargs):
    """A connection to the real mail backend, past the outbox (for code with its own retry)."""
    if settings.EMAIL_BACKEND == BACKEND_PATH:
        return get_connection(settings.EMAIL_TRANSPORT_BACKEND, **kwargs)
    return get_connection(**kwargs)


def _claim(pk, now):
    """Take the row for one attempt; False if it is sent, given up, not due, or held."""
    claimed = OutgoingEmail.objects.due(now).filter(pk=pk).update(
        claimed_until=now + datetime.timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS)
    )
    return claimed == 1


@task()
def deliver_email(outgoing_email_pk):
    """Hand one stored e-mail to the mail server. Idempotent: a sent row is never sent again."""
    now = timezone.now()
    if not _claim(outgoing_email_pk, now):
        return "nothing to do"
    row = OutgoingEmail.objects.get(pk=outgoing_email_pk)
    try:
        with get_connection(settings.EMAIL_TRANSPORT_BACKEND) as connection:
            connection.send_messages([row.message()])
    except (smtplib.SMTPException, OSError) as error:  # OSError: refused, timed out, DNS
        return _not_sent(row, error, now)
    # At once, before anything else can fail: the server has it.
    mark_accepted(
        OutgoingEmail.objects.filter(pk=row.pk),
        status=OutgoingEmail.Status.SENT,
        sent_at=timezone.now(),
        attempts=row.attempts + 1,
        claimed_until=None,
        last_error="",
        message_data="",
    )
    return "sent"


def _not_sent(row, error, now):
    """Record a failed attempt: given up for good, or queued again after the back-off."""
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    row.claimed_until = None
    given_up = now - row.created_at >= datetime.timedelta(seconds=settings.OUTBOX_GIVE_UP_AFTER)
    if is_permanent(error) or given_up:
        row.status = OutgoingEmail.Status.FAILED
        logger.error("E-mail %s to %s not sent: %s", row.pk, row.recipients, row.last_error)
    else:
        delay = backoff(row.attempts, settings.OUTBOX_RETRY_DELAY, settings.OUTBOX_RETRY_MAX_DELAY)
        row.next_attempt_at = now + datetime.timedelta(seconds=delay)
        logger.warning("E-mail %s to %s: attempt %s failed (%s); next at %s", row.pk,
                       row.recipients, row.attempts, row.last_error, row.next_attempt_at)
        enqueue_after_commit(deliver_email, row.pk, run_after=row.next_attempt_at)
    row.save(update_fields=["attempts", "last_error", "claimed_until", "status",
                            "next_attempt_at"])
    return "final failure" if row.status == OutgoingEmail.Status.FAILED else "retry"


def mark_accepted(queryset, **changes):
    """Record that the mail server accepted a message: one short UPDATE, committed at once,
    before the next message (the outbox here, the subscriptions' Delivery rows).

    A worker killed between the server's 250 and this commit sends that one message again
    (README, "Mail that is never lost or doubled"). On PostgreSQL the commit does not wait for
    the WAL to reach the disk (synchronous_commit off for this transaction only), so that
    window is a round trip instead of a disk flush. A killed worker cannot undo the commit,
    the database server has it; only a crash of the database server itself could forget the
    last fraction of a second of such marks, and those messages would be sent again: a
    duplicate, never a loss."""
    connection = connections[queryset.db]
    with transaction.atomic(using=queryset.db):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        return queryset.update(**changes)


def queue_due(now=None, grace=None):
    """The sweeper: a task again for each e-mail that is due and whose task should have run
    by now (worker down, task lost, a backend that cannot wait). Returns how many."""
    now = now or timezone.now()
    grace = settings.OUTBOX_SWEEP_GRACE if grace is None else grace
    overdue = OutgoingEmail.objects.due(now).filter(
        next_attempt_at__lte=now - datetime.timedelta(seconds=grace)
    )
    pks = list(overdue.order_by("next_attempt_at").values_list("pk", flat=True)[:1000])
    for pk in pks:
        enqueue_after_commit(deliver_email, pk)
    return len(pks)


def purge(now=None):
    """Delete sent and failed e-mails older than the retention in MailSettings; returns how
    many. Queued ones stay: they are failed (and then purged) after OUTBOX_GIVE_UP_AFTER."""
    # The period the privacy page shows (mrblogg/retention.py, from MailSettings).
    deleted, _ = OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.QUEUED).filter(
        created_at__lt=retention.cutoff("outbox", now)
    ).delete()
    return deleted


def _addresses(recipients):
    return {address.lower() for _, address in getaddresses([recipients]) if address}


def forget_recipient(address):
    """Remove what the outbox holds for `address` (its owner erased their account): every
    e-mail to them alone is deleted, queued or sent; from an e-mail that also goes to
    others the address is taken out. Call it in the erasure's transaction. Returns how many
    rows were deleted."""
    address = address.strip().lower()
    if not address:
        return 0
    deleted = 0
    # SQLite compares case-insensitively only within ASCII ("Åsa" is not "åsa" to LIKE): the
    # query narrows by the address's longest ASCII run, the exact match is made below.
    ascii_run = max(re.split(r"[^\x00-\x7f]+", address), key=len)
    rows = OutgoingEmail.objects.filter(recipients__icontains=ascii_run)
    for row in rows.iterator():
        others = _addresses(row.recipients) - {address}
        if others == _addresses(row.recipients):
            continue  # a longer address that merely contains this one
        if not others:
            row.delete()
            deleted += 1
            continue
        row.recipients = ", ".join(sorted(others))
        if row.message_data:
            message = row.message()
            for field in ("to", "cc", "bcc"):
                kept = [r for r in getattr(message, field) if not _addresses(r) & {address}]
                setattr(message, field, kept)
            row.message_data = OutgoingEmail.of(message).message_data
        row.save(update_fields=["recipients", "message_data"])
    return deleted
