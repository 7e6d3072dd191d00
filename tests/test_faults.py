"""Faults (issue 8): the mail server down, the database failing in the middle of a comment or
a registration.

The mail server is a fake that is down and then up again, behind the site's outbox
(mrblogg/outbox.py), with the real task worker (`db_worker`) on the database queue."""

import datetime
import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from blog.contact.models import ContactSubmission
from blog.events.models import Registration
from blog.models import BlogSettings
from blog.subscriptions.models import Subscriber
from comments.models import Comment
from moderation import actions
from moderation.models import Finding
from mrblogg import outbox
from mrblogg.models import OutgoingEmail
from tests.comments.factory import make_reader
from tests.factories import (
    contact_data,
    make_contact_page,
    make_open_event,
    make_post,
    make_registration_form,
    registration_data,
)
from tests.fakes import FlakyMailServer

pytestmark = pytest.mark.django_db

PASSWORD = "ett-långt-lösenord-9"


@pytest.fixture
def mail_server(settings):
    settings.EMAIL_BACKEND = outbox.BACKEND_PATH
    settings.EMAIL_TRANSPORT_BACKEND = "tests.fakes.FlakyMailServer"
    settings.OUTBOX_RETRY_DELAY = 60
    FlakyMailServer.reset()
    yield FlakyMailServer
    FlakyMailServer.reset()


def minutes_pass(minutes):
    """Move every waiting e-mail attempt and every deferred task back by `minutes`."""
    delta = datetime.timedelta(minutes=minutes)
    for row in OutgoingEmail.objects.queued():
        OutgoingEmail.objects.filter(pk=row.pk).update(next_attempt_at=row.next_attempt_at - delta)
    for task in DBTaskResult.objects.filter(status="READY"):
        DBTaskResult.objects.filter(pk=task.pk).update(run_after=task.run_after - delta)


def test_with_the_mail_server_down_everything_succeeds_and_every_email_goes_out_later(
    client, blog_index, mail_server, database_queue, run_worker,
    django_capture_on_commit_callbacks,
):
    mail_server.down = True
    officer = get_user_model().objects.create_user("io", "io@example.org", "pw")
    officer.groups.add(Group.objects.get_or_create(name="Informationsansvariga")[0])
    blog_settings = BlogSettings.load()
    blog_settings.contact_email = "mr-bloggen@example.org"
    blog_settings.save()
    post = make_post()
    contact_page = make_contact_page(blog_index)
    event = make_registration_form(make_open_event(blog_index))
    reader = make_reader(email="karin@example.org")

    def request(path, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data)

    # A new reader signs up (allauth's verification e-mail).
    response = request("/konto/signup/", {"email": "ny@example.org", "password1": PASSWORD,
                                          "password2": PASSWORD, "display_name": "Nya Läsaren",
                                          "captcha_0": "x", "captcha_1": "PASSED"})
    assert response.status_code == 302
    client.logout()
    # A reader comments (the officers are told that comments wait).
    client.force_login(reader)
    response = request(f"/kommentarer/skriv/{post.pk}/",
                       {"text": "En fråga om konferensen.", "captcha_0": "x", "captcha_1": "PASSED"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    client.logout()
    # A visitor subscribes, writes to the blog and registers for an event.
    response = request("/prenumeration/", {"email": "prenumerant@example.org",
                                           "captcha_0": "x", "captcha_1": "PASSED"})
    assert response.status_code == 302 and Subscriber.objects.count() == 1
    response = request(contact_page.url, contact_data(e_post="bo@example.org"))
    assert response.status_code == 302 and ContactSubmission.objects.count() == 1
    response = request(event.url, registration_data(event, **{"E-post": "anna@example.org"}))
    assert response.status_code == 302 and Registration.objects.count() == 1

    # The worker runs every task; each e-mail's first attempt fails. Then an officer
    # approves the comment (the author is told) and the worker runs again.
    run_worker()
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(comment, user=officer)
    assert Comment.objects.get().status == Comment.Status.PUBLISHED
    run_worker()
    expected = Counter({
        "ny@example.org": 1,  # verify your address
        "io@example.org": 1,  # comments wait
        "karin@example.org": 1,  # your comment was published
        "prenumerant@example.org": 1,  # confirm the subscription
        "mr-bloggen@example.org": 1, "bo@example.org": 1,  # the message, the receipt
        "anna@example.org": 1, "arrangor@example.org": 1,  # confirmation, organiser's notice
    })
    assert Counter(m.to[0] for m in mail_server.calls) == expected
    assert mail_server.delivered == []
    assert OutgoingEmail.objects.queued().count() == sum(expected.values())
    assert set(OutgoingEmail.objects.values_list("attempts", flat=True)) == {1}
    assert not DBTaskResult.objects.filter(status="FAILED").exists()

    # Still down a minute later: the second attempt fails too, nothing is lost.
    minutes_pass(1)
    run_worker()
    assert mail_server.delivered == []
    assert set(OutgoingEmail.objects.values_list("attempts", flat=True)) == {2}

    # The server is back; once the next attempts are due, every e-mail goes out once.
    mail_server.down = False
    minutes_pass(2)
    run_worker()
    assert Counter(m.to[0] for m in mail_server.delivered) == expected
    assert not OutgoingEmail.objects.exclude(status="sent").exists()
    assert not DBTaskResult.objects.filter(status="FAILED").exists()
    subjects = [m.subject for m in mail_server.delivered]
    assert any("Bekräfta din prenumeration" in s for s in subjects)
    assert any(re.search(r"kommentar", s, re.I) for s in subjects)
    [registration_mail] = [m for m in mail_server.delivered if m.to == ["anna@example.org"]]
    assert registration_mail.attachments[0][0].endswith(".ics")

    # Later runs of the worker and the sweeper send nothing more.
    minutes_pass(60)
    with django_capture_on_commit_callbacks(execute=True):
        outbox.queue_due()
    run_worker()
    assert len(mail_server.delivered) == sum(expected.values())


def queued_tasks(callbacks):
    """The tasks that on-commit callbacks would queue (the others clear caches)."""
    tasks = []
    for callback in callbacks:
        # enqueue_after_commit's callbacks say their task; others are bound Task.enqueue.
        target = getattr(callback, "task", None) or getattr(
            getattr(callback, "func", callback), "__self__", None)
        if isinstance(target, Task):
            tasks.append(target.name)
    return tasks


class FailingStatement:
    """A database that refuses the first statement matching `pattern` (as a lost connection
    or a full disk would), after everything before it in the transaction succeeded."""

    def __init__(self, pattern):
        self.pattern = re.compile(pattern)
        self.failed = 0

    def __call__(self, execute, sql, params, many, context):
        if not self.failed and self.pattern.search(sql):
            self.failed += 1
            raise OperationalError("disk I/O error")
        return execute(sql, params, many, context)


def test_a_database_error_during_screening_stores_nothing_and_keeps_the_text(
    client, blog_index, django_capture_on_commit_callbacks
):
    post = make_post()
    reader = make_reader()
    client.force_login(reader)
    text = "En kommentar som inte får gå förlorad."
    # The comment row is written; the screening's findings are not.
    failing = FailingStatement(r'INSERT INTO "?moderation_finding')
    with connection.execute_wrapper(failing):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post(
                f"/kommentarer/skriv/{post.pk}/",
                {"text": text + " Du är en idiot.", "captcha_0": "x", "captcha_1": "PASSED"},
            )
    assert failing.failed == 1
    assert response.status_code == 503
    html = response.content.decode()
    assert "Kommentaren kunde inte sparas just nu" in html
    assert text in html  # the text is still in the form
    assert not Comment.objects.exists() and not Finding.objects.exists()
    assert queued_tasks(callbacks) == []  # no notice to officers, nothing to screen later

    # Sent again, it is stored once, with its findings, and the officers will be told.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            f"/kommentarer/skriv/{post.pk}/",
            {"text": text + " Du är en idiot.", "captcha_0": "x", "captcha_1": "PASSED"},
        )
    assert response.status_code == 302
    assert Comment.objects.count() == 1 and Finding.objects.exists()
    assert queued_tasks(callbacks) == ["notify_officers"]


def test_a_database_error_during_registration_stores_nothing_and_keeps_the_answers(
    client, blog_index, django_capture_on_commit_callbacks
):
    event = make_registration_form(make_open_event(blog_index), capacity=10)
    data = registration_data(event, **{"E-post": "anna@example.org", "Organisation": "Umeå"})
    failing = FailingStatement(r'INSERT INTO "?blog_registration"?')
    with connection.execute_wrapper(failing):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post(event.url, data)
    assert failing.failed == 1
    assert response.status_code == 503
    html = response.content.decode()
    assert "Anmälan kunde inte sparas just nu" in html
    assert 'value="anna@example.org"' in html and 'value="Umeå"' in html
    assert not Registration.objects.exists()
    assert queued_tasks(callbacks) == []  # no confirmation for a registration not stored

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(event.url, data)
    assert response.status_code == 302  # to the thank-you page
    assert Registration.objects.get().email == "anna@example.org"
    assert queued_tasks(callbacks) == ["send_registration_emails"]


@pytest.mark.parametrize("form", ["registration", "contact"])
def test_a_task_queue_failing_after_the_commit_loses_no_email(
    client, blog_index, form, database_queue, run_worker, mailoutbox,
    django_capture_on_commit_callbacks,
):
    # The submission is committed; queueing its e-mail task then fails. The visitor still
    # gets the thank-you page (the submission is there), and the sweeper queues the task.
    if form == "registration":
        event = make_registration_form(make_open_event(blog_index))
        url, data = event.url, registration_data(event, **{"E-post": "anna@example.org"})
        model, expected = Registration, {"anna@example.org", "arrangor@example.org"}
    else:
        blog_settings = BlogSettings.load()
        blog_settings.contact_email = "mr-bloggen@example.org"
        blog_settings.save()
        page = make_contact_page(blog_index)
        url, data = page.url, contact_data(e_post="bo@example.org")
        model, expected = ContactSubmission, {"mr-bloggen@example.org", "bo@example.org"}
    failing = FailingStatement(r'INSERT INTO "?django_tasks_database_dbtaskresult')
    with connection.execute_wrapper(failing):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
    assert failing.failed == 1
    assert response.status_code == 302  # to the thank-you page
    submission = model.objects.get()
    assert submission.emails_done_at is None
    run_worker()
    assert mailoutbox == []

    # Too soon for the sweeper: the task may still be on its way.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("resend_form_emails", verbosity=0)
    run_worker()
    assert mailoutbox == []

    model.objects.filter(pk=submission.pk).update(
        submit_time=timezone.now() - datetime.timedelta(minutes=11))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("resend_form_emails", verbosity=0)
    run_worker()
    assert {m.to[0] for m in mailoutbox} == expected and len(mailoutbox) == 2
    assert model.objects.get().emails_done_at is not None

    # Done: later sweeps queue nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("resend_form_emails", verbosity=0)
    run_worker()
    assert len(mailoutbox) == 2
