"""Told when answered, the delivery: through the site's outbox with the mail server down
(retried, later delivered once), and the sweeper `send_answer_notices` for tasks that never
ran (settings.PERIODIC_COMMANDS). The real worker SIGKILLed: tests/test_answer_notice_faults.py."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from comments.following import follow
from comments.models import AnswerNotice, Comment
from moderation import actions
from mrblogg import outbox
from mrblogg.models import OutgoingEmail
from tests.comments.factory import make_comment, make_reader
from tests.factories import make_post
from tests.fakes import FlakyMailServer
from tests.staff import give_totp, make_staff

pytestmark = pytest.mark.django_db
SUBJECT = "Nytt svar på din kommentar"


@pytest.fixture
def server(settings):
    settings.EMAIL_BACKEND = outbox.BACKEND_PATH
    settings.EMAIL_TRANSPORT_BACKEND = "tests.fakes.FlakyMailServer"
    FlakyMailServer.reset()
    yield FlakyMailServer
    FlakyMailServer.reset()


@pytest.fixture
def waiting_answer(blog_index):
    post = make_post(title="Inlägget")
    karin = make_reader(display_name="Karin", email="karin@example.org")
    question = make_comment(post, karin, "Fråga")
    follow(question, karin)
    return Comment.objects.create(post=post, author=make_reader(), parent=question, text="Svar")


@pytest.fixture
def officer(db):
    return give_totp(make_staff("Informationsansvariga"))


def ours(messages):
    return [m for m in messages if m.subject.startswith(SUBJECT)]


def test_the_mail_server_down_retries_and_later_delivers_once(
    server, waiting_answer, officer, django_capture_on_commit_callbacks, settings
):
    server.down = True
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(waiting_answer, officer)
    notice = AnswerNotice.objects.get()
    row = notice.outgoing
    row.refresh_from_db()
    assert notice.status == "queued" and row.status == OutgoingEmail.Status.QUEUED
    assert row.attempts == 1 and "Connection refused" in row.last_error
    assert len(ours(server.calls)) == 1 and ours(server.delivered) == []

    # Still down at the next attempt: queued again, never failed.
    OutgoingEmail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        outbox.deliver_email.call(row.pk)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutgoingEmail.Status.QUEUED, 2)

    # Back up: the sweeper (send_queued_email) sends it once, and again finds nothing to do.
    server.down = False
    settings.OUTBOX_SWEEP_GRACE = 0
    OutgoingEmail.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_queued_email", verbosity=0)
            call_command("send_answer_notices", verbosity=0)
    [delivered] = ours(server.delivered)
    assert delivered.to == ["karin@example.org"]
    assert delivered.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.SENT and row.message_data == ""


def test_the_sweeper_queues_notices_whose_task_never_ran(
    waiting_answer, officer, django_capture_on_commit_callbacks, settings, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False):
        actions.approve(waiting_answer, officer)  # the task is lost: the callbacks never run
    assert AnswerNotice.objects.get().status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_answer_notices", verbosity=0)  # within the grace: left alone
    assert AnswerNotice.objects.get().status == "pending"
    settings.ANSWER_NOTICE_SWEEP_GRACE = 0
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_answer_notices", verbosity=0)
    assert AnswerNotice.objects.get().status == "queued"
    assert len(ours(mailoutbox)) == 1


def test_the_sweeper_leaves_notices_of_an_unpublished_answer(
    waiting_answer, officer, django_capture_on_commit_callbacks, settings, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False):
        actions.approve(waiting_answer, officer)
    Comment.objects.filter(pk=waiting_answer.pk).update(status=Comment.Status.REJECTED)
    settings.ANSWER_NOTICE_SWEEP_GRACE = 0
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_answer_notices", verbosity=0)
    assert AnswerNotice.objects.get().status == "pending" and ours(mailoutbox) == []


def test_the_sweeper_runs_periodically(settings):
    assert (300, "send_answer_notices") in settings.PERIODIC_COMMANDS


def test_a_failure_while_handing_over_leaves_no_email_and_the_notice_waiting(
    waiting_answer, officer, django_capture_on_commit_callbacks, settings, mailoutbox, monkeypatch
):
    """What a kill inside the hand-over does: the transaction rolls back the outbox row with
    the notice's mark, so the next run sends it once."""
    from comments import notify

    real = notify.enqueue_after_commit

    def dies(*args, **kwargs):
        raise RuntimeError("the worker dies here")

    with django_capture_on_commit_callbacks(execute=False):
        actions.approve(waiting_answer, officer)
    monkeypatch.setattr(notify, "enqueue_after_commit", dies)
    with pytest.raises(RuntimeError):
        notify.send_answer_notices.call(waiting_answer.pk)
    assert AnswerNotice.objects.get().status == "pending"
    assert not OutgoingEmail.objects.filter(subject__startswith=SUBJECT).exists()
    monkeypatch.setattr(notify, "enqueue_after_commit", real)
    with django_capture_on_commit_callbacks(execute=True):
        notify.send_answer_notices.call(waiting_answer.pk)
    assert AnswerNotice.objects.get().status == "queued"
    assert len(ours(mailoutbox)) == 1
