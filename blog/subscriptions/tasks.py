"""Background work: the confirmation e-mail, and the fan-out of a new post to subscribers.

django-tasks neither retries nor enqueues on commit, so every task here takes primary keys,
is safe to run twice, and schedules its own follow-up after its transaction commits. A
mailing is a chain of small tasks: `fan_out` writes one Delivery row per confirmed subscriber
(unique per subscriber and post), then each `send_batch` sends one batch and queues the next.
Each delivery is marked sent by its own committed UPDATE as soon as the server accepts it,
so a worker killed anywhere leaves only unsent rows SENDING; they go back to the queue when
their claim expires, and `resume_mailings` restarts stalled chains. A mail server that cannot
be reached puts the batch back with a back-off instead of failing anyone.
"""

import datetime
import smtplib
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from blog.models import BlogPost
from mrblogg.outbox import mark_accepted, transport_connection
from mrblogg.queueing import enqueue_after_commit
from mrblogg.retry import backoff, is_permanent

from . import emails
from .models import Delivery, Mailing, Subscriber

FAN_OUT_CHUNK = 2000


@task()
def send_confirmation(subscriber_pk, attempt=1):
    subscriber = Subscriber.objects.pending().filter(pk=subscriber_pk).first()
    if subscriber is None:
        return "nothing to send"
    try:
        emails.confirmation_message(subscriber).send()
    except (smtplib.SMTPException, OSError):
        if attempt >= settings.SUBSCRIPTIONS_MAX_ATTEMPTS:
            raise
        delay = backoff(attempt, settings.SUBSCRIPTIONS_RETRY_DELAY)
        run_after = timezone.now() + datetime.timedelta(seconds=delay)
        enqueue_after_commit(send_confirmation, subscriber_pk, attempt + 1, run_after=run_after)
        return "retry"
    return "sent"


@task()
def fan_out(post_pk):
    """One Delivery row per confirmed subscriber, in chunks (never all subscribers in memory),
    then the first batch. Running it again adds nothing that exists."""
    mailing = Mailing.objects.filter(post_id=post_pk).first()
    if mailing is None:
        return 0
    created = 0
    if mailing.fanned_out_at is None:
        last_pk = 0
        while True:
            pks = list(
                Subscriber.objects.confirmed()
                .filter(pk__gt=last_pk)
                .order_by("pk")
                .values_list("pk", flat=True)[:FAN_OUT_CHUNK]
            )
            if not pks:
                break
            Delivery.objects.bulk_create(
                [Delivery(subscriber_id=pk, post_id=post_pk) for pk in pks],
                ignore_conflicts=True,
            )
            created += len(pks)
            last_pk = pks[-1]
        Mailing.objects.filter(pk=mailing.pk).update(fanned_out_at=timezone.now())
    enqueue_after_commit(send_batch, post_pk)
    return created


def release_stale_claims(post_pk, now):
    """Deliveries held by a worker that died mid-batch go back to the queue.

    Each delivery is marked sent right after the server accepted it, so a row still SENDING
    was, with one exception, never accepted: sending it again loses nobody. The exception is
    the one message a worker was killed on between the server's 250 and its UPDATE (a window
    of one database write): that subscriber gets the post twice. A duplicate in that rare
    case is preferred to losing the post for whole batches (README, "Mail that is never lost
    or doubled")."""
    cutoff = now - datetime.timedelta(seconds=settings.SUBSCRIPTIONS_CLAIM_TIMEOUT)
    return Delivery.objects.filter(
        post_id=post_pk,
        status=Delivery.Status.SENDING,
        claimed_at__lt=cutoff,
    ).update(
        status=Delivery.Status.PENDING,
        claim=None,
        next_attempt_at=now,
        failure_reason="The worker stopped while sending; queued again.",
    )


def _claim_batch(post_pk, now):
    due = Delivery.objects.filter(
        post_id=post_pk,
        status=Delivery.Status.PENDING,
        next_attempt_at__lte=now,
    )
    pks = list(due.order_by("pk").values_list("pk", flat=True)[: settings.SUBSCRIPTIONS_BATCH_SIZE])
    if not pks:
        return []
    claim = uuid.uuid4()
    # The status in the WHERE clause makes the claim safe against a second worker on any database.
    Delivery.objects.filter(pk__in=pks, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.SENDING,
        claim=claim,
        claimed_at=now,
    )
    return list(
        Delivery.objects.filter(claim=claim)
        .select_related("subscriber")
        .only("pk", "attempts", "subscriber", "subscriber__email", "subscriber__status")
    )


@task()
def send_batch(post_pk):
    """Send one batch of the post's due deliveries, then queue the next batch."""
    now = timezone.now()
    post = BlogPost.objects.live().filter(pk=post_pk).first()
    if post is None:
        return 0  # unpublished or deleted: stop; re-publishing resumes (see signals)
    Mailing.objects.filter(post_id=post_pk).update(last_batch_at=now)
    release_stale_claims(post_pk, now)
    batch = _claim_batch(post_pk, now)
    if batch:
        _send(post, batch, now)
    _schedule_next(post_pk, now)
    return len(batch)


# The server or the way to it failed, not this message: try the next one on a new connection.
CONNECTION_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError)


def _send(post, batch, now):
    """Send the claimed batch, recording each delivery the moment its fate is known: a worker
    killed at any point leaves every accepted message SENT and every other one SENDING, which
    `release_stale_claims` puts back in the queue."""
    rendered = emails.render_post_mail(post)
    # Past the site's outbox (mrblogg/outbox.py): Delivery rows are this mailing's own.
    connection = transport_connection()
    reached = False
    try:
        for position, delivery in enumerate(batch):
            subscriber = delivery.subscriber
            if subscriber is None or subscriber.status != Subscriber.Status.CONFIRMED:
                Delivery.objects.filter(pk=delivery.pk).delete()
                continue
            try:
                connection.open()  # nothing to do while the connection is up
            except (smtplib.SMTPException, OSError) as error:
                _server_unreachable(post.pk, [d.pk for d in batch[position:]], error, now)
                return
            if not reached:
                # The server is back: the next outage starts its back-off from the beginning.
                Mailing.objects.filter(post_id=post.pk, connection_failures__gt=0).update(
                    connection_failures=0
                )
                reached = True
            _send_one(connection, rendered, delivery, subscriber, now)
    finally:
        _close_quietly(connection)


def _send_one(connection, rendered, delivery, subscriber, now):
    try:
        connection.send_messages([emails.post_message(rendered, subscriber, connection)])
    except Exception as error:  # noqa: BLE001  (every failure is recorded with its reason)
        _record_failure(delivery, error, now)
        if isinstance(error, CONNECTION_ERRORS):
            _close_quietly(connection)
    else:
        # One short committed UPDATE per accepted message, before the next one.
        mark_accepted(
            Delivery.objects.filter(pk=delivery.pk),
            status=Delivery.Status.SENT,
            sent_at=timezone.now(),
            claim=None,
            attempts=F("attempts") + 1,
            failure_reason="",
        )


def _close_quietly(connection):
    try:
        connection.close()
    except (smtplib.SMTPException, OSError):
        pass  # the connection is gone either way


def _record_failure(delivery, error, now):
    reason = f"{type(error).__name__}: {error}"[:1000]
    attempts = delivery.attempts + 1
    if is_permanent(error) or attempts >= settings.SUBSCRIPTIONS_MAX_ATTEMPTS:
        changes = {"status": Delivery.Status.FAILED}
    else:
        changes = {
            "status": Delivery.Status.PENDING,
            "next_attempt_at": now + datetime.timedelta(
                seconds=backoff(attempts, settings.SUBSCRIPTIONS_RETRY_DELAY)
            ),
        }
    Delivery.objects.filter(pk=delivery.pk).update(
        claim=None, attempts=attempts, failure_reason=reason, **changes
    )


def _server_unreachable(post_pk, pks, error, now):
    """No connection to the mail server: nothing was sent, so the claimed deliveries go back
    to the queue untouched (their attempts count failures of their own message only) and the
    whole mailing waits, longer after each batch in a row that could not connect."""
    with transaction.atomic():
        Mailing.objects.filter(post_id=post_pk).update(
            connection_failures=F("connection_failures") + 1
        )
        failures = Mailing.objects.filter(post_id=post_pk).values_list(
            "connection_failures", flat=True
        ).first() or 1
        delay = backoff(
            failures, settings.SUBSCRIPTIONS_RETRY_DELAY, settings.SUBSCRIPTIONS_RETRY_MAX_DELAY
        )
        Delivery.objects.filter(pk__in=pks, status=Delivery.Status.SENDING).update(
            status=Delivery.Status.PENDING,
            claim=None,
            next_attempt_at=now + datetime.timedelta(seconds=delay),
            failure_reason=f"No connection to the mail server: {type(error).__name__}: {error}"[
                :1000
            ],
        )


def _schedule_next(post_pk, now):
    next_due = (
        Delivery.objects.filter(post_id=post_pk, status=Delivery.Status.PENDING)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if next_due is None:
        return
    enqueue_after_commit(send_batch, post_pk, run_after=next_due if next_due > now else None)


def resume_stalled(now=None):
    """Queue again every mailing whose chain stopped: fan-out never finished, or deliveries
    due (or held by a dead worker) with no batch run for a while. Returns the post ids."""
    now = now or timezone.now()
    stalled_since = now - datetime.timedelta(seconds=settings.SUBSCRIPTIONS_STALL_AFTER)
    claim_cutoff = now - datetime.timedelta(seconds=settings.SUBSCRIPTIONS_CLAIM_TIMEOUT)
    resumed = []
    unfinished = Mailing.objects.filter(fanned_out_at__isnull=True, created_at__lte=stalled_since)
    for post_pk in unfinished.values_list("post_id", flat=True):
        enqueue_after_commit(fan_out, post_pk)
        resumed.append(post_pk)
    quiet = Mailing.objects.filter(fanned_out_at__isnull=False).filter(
        Q(last_batch_at__isnull=True) | Q(last_batch_at__lte=stalled_since)
    )
    waiting = Delivery.objects.filter(
        Q(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        | Q(status=Delivery.Status.SENDING, claimed_at__lt=claim_cutoff),
        post_id__in=quiet.values("post_id"),
        post__live=True,
    )
    for post_pk in waiting.values_list("post_id", flat=True).distinct():
        enqueue_after_commit(send_batch, post_pk)
        resumed.append(post_pk)
    return resumed
