"""The fan-out and the batches (blog/subscriptions/tasks.py)."""

import datetime
import smtplib
import uuid

import pytest
from django.utils import timezone

from blog.subscriptions import tasks
from blog.subscriptions.models import Delivery, Mailing, Subscriber
from tests.blog.subscriptions.factory import make_subscriber, make_subscribers
from tests.blog.subscriptions.fakes import FakeMailServer, WorkerKilled
from tests.factories import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_server(settings):
    settings.EMAIL_BACKEND = "tests.blog.subscriptions.fakes.FakeMailServer"
    FakeMailServer.reset()
    yield FakeMailServer
    FakeMailServer.reset()


@pytest.fixture
def post(blog_index):
    # Published without running the on-commit fan-out; the tests drive the tasks themselves.
    post = make_post(title="Ett nytt inlägg")
    Mailing.objects.get_or_create(post=post)
    return post


def counts(post):
    return {s: Delivery.objects.filter(post=post, status=s).count() for s in Delivery.Status.values}


def test_fan_out_runs_in_batches_and_sends_each_subscriber_once(
    post, mail_server, settings, django_capture_on_commit_callbacks
):
    settings.SUBSCRIPTIONS_BATCH_SIZE = 3
    make_subscribers(7)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tasks.fan_out.enqueue(post.pk)
    assert len(callbacks) == 3  # one task per batch of three
    assert sorted(mail_server.delivered) == sorted(
        Subscriber.objects.values_list("email", flat=True)
    )
    assert counts(post)["sent"] == 7


def test_running_the_fan_out_again_sends_nothing_twice(
    post, mail_server, django_capture_on_commit_callbacks
):
    make_subscribers(3)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.fan_out.enqueue(post.pk)
            tasks.send_batch.enqueue(post.pk)
    Mailing.objects.update(fanned_out_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.fan_out.enqueue(post.pk)
    assert len(mail_server.calls) == 3
    assert Delivery.objects.count() == 3


def test_a_temporary_failure_is_retried_with_back_off(
    post, mail_server, settings, django_capture_on_commit_callbacks
):
    settings.SUBSCRIPTIONS_RETRY_DELAY = 60
    [flaky] = make_subscribers(1)
    mail_server.refuse[flaky.email] = 2
    with django_capture_on_commit_callbacks(execute=True):
        tasks.fan_out.enqueue(post.pk)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert "SMTPServerDisconnected" in delivery.failure_reason
    first_wait = delivery.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=50) < first_wait <= datetime.timedelta(seconds=60)

    Delivery.objects.update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_batch.enqueue(post.pk)
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert (
        datetime.timedelta(seconds=110)
        < delivery.next_attempt_at - timezone.now()
        <= datetime.timedelta(seconds=120)
    )

    Delivery.objects.update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_batch.enqueue(post.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.failure_reason) == ("sent", 3, "")
    assert mail_server.delivered == [flaky.email]


def test_a_refused_address_fails_for_good_with_its_reason(
    post, mail_server, django_capture_on_commit_callbacks
):
    bad, good = make_subscribers(2)
    mail_server.refuse[bad.email] = smtplib.SMTPRecipientsRefused(
        {bad.email: (550, b"5.1.1 User unknown")}
    )
    with django_capture_on_commit_callbacks(execute=True):
        tasks.fan_out.enqueue(post.pk)
    failed = Delivery.objects.get(subscriber=bad)
    assert failed.status == "failed" and failed.attempts == 1
    assert "User unknown" in failed.failure_reason
    assert mail_server.delivered == [good.email]


def test_a_delivery_that_keeps_failing_gives_up_after_the_last_attempt(
    post, mail_server, settings, django_capture_on_commit_callbacks
):
    settings.SUBSCRIPTIONS_MAX_ATTEMPTS = 2
    [flaky] = make_subscribers(1)
    mail_server.refuse[flaky.email] = 99
    for _ in range(3):
        Delivery.objects.update(next_attempt_at=timezone.now())
        with django_capture_on_commit_callbacks(execute=True):
            tasks.fan_out.enqueue(post.pk)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 2)
    assert len(mail_server.calls) == 2


def test_nobody_who_left_before_their_batch_gets_the_post(
    post, mail_server, settings, django_capture_on_commit_callbacks
):
    stays, leaves = make_subscribers(2)
    with django_capture_on_commit_callbacks(execute=False):
        tasks.fan_out.call(post.pk)  # rows written, first batch not yet run
    from blog.subscriptions.services import unsubscribe

    unsubscribe(leaves)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_batch.enqueue(post.pk)
    assert mail_server.delivered == [stays.email]


def test_a_subscriber_who_confirms_later_does_not_get_older_posts(
    post, mail_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tasks.fan_out.enqueue(post.pk)
    make_subscriber()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.fan_out.enqueue(post.pk)
    assert mail_server.calls == []


def test_deliveries_held_by_a_dead_worker_are_sent_again(
    post, mail_server, django_capture_on_commit_callbacks
):
    held, waiting = make_subscribers(2)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    Delivery.objects.create(
        subscriber=held, post=post, status="sending", claim=uuid.uuid4(), claimed_at=long_ago
    )
    Delivery.objects.create(subscriber=waiting, post=post)
    Mailing.objects.update(fanned_out_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_batch.enqueue(post.pk)
    # Every accepted message is marked at once, so a row still held was not accepted.
    assert sorted(mail_server.delivered) == sorted([held.email, waiting.email])
    assert counts(post)["sent"] == 2 and counts(post)["failed"] == 0


def test_a_claim_still_running_is_not_taken(post, mail_server, settings,
                                            django_capture_on_commit_callbacks):
    held = make_subscriber()
    Delivery.objects.create(
        subscriber=held, post=post, status="sending", claim=uuid.uuid4(),
        claimed_at=timezone.now(),
    )
    Mailing.objects.update(fanned_out_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_batch.enqueue(post.pk)
    assert mail_server.calls == []
    assert counts(post)["sending"] == 1


def test_each_delivery_is_marked_sent_the_moment_the_server_accepts_it(
    post, mail_server, settings, django_capture_on_commit_callbacks
):
    settings.SUBSCRIPTIONS_BATCH_SIZE = 10
    subscribers = make_subscribers(5)
    Delivery.objects.bulk_create([Delivery(subscriber=s, post=post) for s in subscribers])
    Mailing.objects.update(fanned_out_at=timezone.now())
    mail_server.die_after = 3
    with pytest.raises(WorkerKilled):
        tasks.send_batch.call(post.pk)
    # Killed in the middle of the batch: the three accepted are recorded, the rest are held.
    sent = set(Delivery.objects.filter(status="sent").values_list("subscriber__email", flat=True))
    assert sent == set(mail_server.delivered) and len(sent) == 3
    assert counts(post)["sending"] == 2 and counts(post)["failed"] == 0

    # The claim expires; the next batch sends the other two, and nobody twice.
    settings.SUBSCRIPTIONS_CLAIM_TIMEOUT = 0
    mail_server.die_after = None
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_batch.enqueue(post.pk)
    assert sorted(mail_server.delivered) == sorted(s.email for s in subscribers)
    assert counts(post)["sent"] == 5


def test_a_mail_server_that_cannot_be_reached_puts_the_batch_back_with_a_back_off(
    post, mail_server, settings, django_capture_on_commit_callbacks
):
    settings.SUBSCRIPTIONS_RETRY_DELAY = 60
    settings.SUBSCRIPTIONS_RETRY_MAX_DELAY = 200
    settings.SUBSCRIPTIONS_MAX_ATTEMPTS = 2
    subscribers = [
        make_subscriber(email=e) for e in ("åsa@exempel.se", "李雷@例子.中国", "x@example.org")
    ]
    Delivery.objects.bulk_create([Delivery(subscriber=s, post=post) for s in subscribers])
    Mailing.objects.update(fanned_out_at=timezone.now())
    mail_server.down = True
    waits = []
    for _ in range(4):  # more outages in a row than a delivery has attempts
        before = timezone.now()
        tasks.send_batch.call(post.pk)
        assert counts(post) == {"pending": 3, "sending": 0, "sent": 0, "failed": 0}
        delivery = Delivery.objects.order_by("pk").first()
        assert delivery.attempts == 0 and "Connection refused" in delivery.failure_reason
        waits.append(round((delivery.next_attempt_at - before).total_seconds()))
        Delivery.objects.update(next_attempt_at=timezone.now())
    assert waits == [60, 120, 200, 200]
    assert Mailing.objects.get().connection_failures == 4

    mail_server.down = False
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_batch.enqueue(post.pk)
    assert sorted(mail_server.delivered) == sorted(s.email for s in subscribers)
    assert counts(post)["sent"] == 3
    assert Mailing.objects.get().connection_failures == 0


def test_an_unpublished_post_stops_its_mailing_and_a_republish_finishes_it(
    post, mail_server, django_capture_on_commit_callbacks
):
    make_subscribers(2)
    with django_capture_on_commit_callbacks(execute=False):
        tasks.fan_out.call(post.pk)
    post.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_batch.enqueue(post.pk)
    assert mail_server.calls == []
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()
    assert len(mail_server.delivered) == 2


def test_deleting_a_subscriber_keeps_only_the_counts(
    post, mail_server, django_capture_on_commit_callbacks
):
    gone, stays = make_subscribers(2)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.fan_out.enqueue(post.pk)
    gone.delete()
    assert counts(post)["sent"] == 2
    assert Delivery.objects.filter(subscriber__isnull=True).count() == 1
    assert Mailing.objects.with_counts().get().sent_count == 2


def test_the_confirmation_is_retried_when_the_server_is_away(
    settings, mail_server, django_capture_on_commit_callbacks
):
    subscriber = make_subscriber(status="pending")
    mail_server.refuse[subscriber.email] = 1
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.send_confirmation.enqueue(subscriber.pk)
    assert result.return_value == "retry"  # the immediate backend cannot defer; a real one waits
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_confirmation.enqueue(subscriber.pk, 2)
    assert mail_server.delivered == [subscriber.email]
