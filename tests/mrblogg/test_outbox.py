"""The e-mail outbox (mrblogg/outbox.py): stored with what caused it, sent after the commit,
retried while the server is down, sent at most once."""

import datetime

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mrblogg import outbox
from mrblogg.models import MailSettings, OutgoingEmail
from tests.fakes import FlakyMailServer
from tests.staff import give_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def server(settings):
    """The site's outbox in front of a mail server the test can take down."""
    settings.EMAIL_BACKEND = outbox.BACKEND_PATH
    settings.EMAIL_TRANSPORT_BACKEND = "tests.fakes.FlakyMailServer"
    settings.OUTBOX_RETRY_DELAY = 60
    settings.OUTBOX_RETRY_MAX_DELAY = 3600
    settings.OUTBOX_SWEEP_GRACE = 120
    FlakyMailServer.reset()
    yield FlakyMailServer
    FlakyMailServer.reset()


def send(django_capture_on_commit_callbacks, subject="Hej", to=("karin@example.org",)):
    with django_capture_on_commit_callbacks(execute=True):
        send_mail(subject, "Text.", None, list(to))
    return OutgoingEmail.objects.latest("pk")


def test_an_email_is_stored_and_handed_over_only_after_the_commit(
    server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert send_mail("Hej", "Text.", None, ["karin@example.org"]) == 1
    row = OutgoingEmail.objects.get()
    assert row.status == OutgoingEmail.Status.QUEUED
    assert (row.subject, row.recipients) == ("Hej", "karin@example.org")
    assert server.calls == [] and mail.outbox == []

    for callback in callbacks:
        callback()
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.SENT and row.sent_at and row.attempts == 1
    [delivered] = server.delivered
    assert delivered.to == ["karin@example.org"] and delivered.subject == "Hej"


def test_a_rolled_back_transaction_leaves_no_email(server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            send_mail("Hej", "Text.", None, ["karin@example.org"])
            raise RuntimeError("the request failed")
    assert not OutgoingEmail.objects.exists()
    assert callbacks == [] and server.calls == []


def test_the_message_arrives_whole(server, django_capture_on_commit_callbacks):
    message = EmailMultiAlternatives(
        "Anmälan bekräftad: Nätverksträff", "Välkommen!", "MR-bloggen <noreply@example.org>",
        ["anna@example.org"], reply_to=["arrangor@example.org"],
        headers={"List-Unsubscribe": "<https://example.org/avsluta/x/>"},
    )
    message.attach_alternative("<p>Välkommen!</p>", "text/html")
    message.attach("traff.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    with django_capture_on_commit_callbacks(execute=True):
        message.send()
    [delivered] = server.delivered
    assert delivered.subject == "Anmälan bekräftad: Nätverksträff"
    assert delivered.reply_to == ["arrangor@example.org"]
    assert delivered.extra_headers["List-Unsubscribe"] == "<https://example.org/avsluta/x/>"
    assert delivered.alternatives[0][0] == "<p>Välkommen!</p>"
    assert delivered.attachments[0][0] == "traff.ics"


def test_a_message_without_recipients_is_not_stored(server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_mail("Hej", "Text.", None, []) == 0
    assert not OutgoingEmail.objects.exists()


def test_server_down_keeps_the_email_for_a_later_attempt(
    server, django_capture_on_commit_callbacks
):
    server.down = True
    before = timezone.now()
    row = send(django_capture_on_commit_callbacks)
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.QUEUED
    assert row.attempts == 1 and row.claimed_until is None
    assert row.last_error.startswith("ConnectionRefusedError")
    assert before + datetime.timedelta(seconds=60) <= row.next_attempt_at
    assert row.next_attempt_at <= timezone.now() + datetime.timedelta(seconds=60)
    assert len(server.calls) == 1 and server.delivered == []

    # The server is back and three minutes pass (the rows' times move back by as much); the
    # sweeper finds the e-mail now that its attempt is overdue.
    server.down = False
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.queue_due() == 0  # not due yet
    OutgoingEmail.objects.filter(pk=row.pk).update(
        next_attempt_at=row.next_attempt_at - datetime.timedelta(minutes=3))
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.queue_due() == 1
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.SENT and row.attempts == 2 and row.last_error == ""
    assert len(server.delivered) == 1


def test_the_worker_queues_the_next_attempt_for_later(
    server, database_queue, run_worker, django_capture_on_commit_callbacks
):
    server.down = True
    row = send(django_capture_on_commit_callbacks)
    run_worker()
    row.refresh_from_db()
    assert row.attempts == 1 and row.status == OutgoingEmail.Status.QUEUED
    retry = DBTaskResult.objects.get(task_path="mrblogg.outbox.deliver_email", status="READY")
    assert retry.args_kwargs["args"] == [row.pk]
    assert retry.run_after == row.next_attempt_at


def test_every_recipient_refused_is_final(server, django_capture_on_commit_callbacks):
    server.refuse_all = True
    row = send(django_capture_on_commit_callbacks)
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.FAILED
    assert "SMTPRecipientsRefused" in row.last_error
    server.refuse_all = False
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.queue_due(now=timezone.now() + datetime.timedelta(days=30)) == 0
    assert server.delivered == []


def test_it_gives_up_when_the_server_stays_down(
    server, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_GIVE_UP_AFTER = 3600
    server.down = True
    row = send(django_capture_on_commit_callbacks)
    OutgoingEmail.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - datetime.timedelta(seconds=3601),
        next_attempt_at=timezone.now(),
    )
    assert outbox.deliver_email.call(row.pk) == "final failure"
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.FAILED and row.attempts == 2


def test_a_sent_email_is_never_sent_again(server, django_capture_on_commit_callbacks):
    row = send(django_capture_on_commit_callbacks)
    assert outbox.deliver_email.call(row.pk) == "nothing to do"
    assert len(server.delivered) == 1


def test_an_email_held_by_another_worker_is_left_alone_until_its_claim_expires(
    server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        send_mail("Hej", "Text.", None, ["karin@example.org"])
    row = OutgoingEmail.objects.get()
    OutgoingEmail.objects.filter(pk=row.pk).update(
        claimed_until=timezone.now() + datetime.timedelta(minutes=5))
    assert outbox.deliver_email.call(row.pk) == "nothing to do"
    OutgoingEmail.objects.filter(pk=row.pk).update(
        claimed_until=timezone.now() - datetime.timedelta(seconds=1))
    assert outbox.deliver_email.call(row.pk) == "sent"
    assert len(server.delivered) == 1


def test_the_sweeper_queues_only_overdue_emails_nobody_holds(
    server, django_capture_on_commit_callbacks
):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=False):
        for subject in ["overdue", "just due", "later", "held", "sent", "failed"]:
            send_mail(subject, "Text.", None, ["karin@example.org"])
    rows = {row.subject: row for row in OutgoingEmail.objects.all()}
    minutes = datetime.timedelta(minutes=1)
    OutgoingEmail.objects.filter(pk__in=[rows[s].pk for s in ("overdue", "held", "sent", "failed")]
                                 ).update(next_attempt_at=now - 10 * minutes)
    OutgoingEmail.objects.filter(pk=rows["just due"].pk).update(next_attempt_at=now - minutes)
    OutgoingEmail.objects.filter(pk=rows["later"].pk).update(next_attempt_at=now + minutes)
    OutgoingEmail.objects.filter(pk=rows["held"].pk).update(claimed_until=now + minutes)
    OutgoingEmail.objects.filter(pk=rows["sent"].pk).update(status="sent")
    OutgoingEmail.objects.filter(pk=rows["failed"].pk).update(status="failed")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_queued_email", verbosity=0)
    assert [m.subject for m in server.delivered] == ["overdue"]


def test_transport_connection_goes_past_the_outbox(server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outbox.transport_connection().send_messages(
            [mail.EmailMessage("Direkt", "Text.", None, ["karin@example.org"])])
    assert callbacks == [] and not OutgoingEmail.objects.exists()
    assert [m.subject for m in server.delivered] == ["Direkt"]


def test_without_the_outbox_transport_connection_is_the_default(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outbox.transport_connection().send_messages(
        [mail.EmailMessage("Direkt", "Text.", None, ["karin@example.org"])])
    assert [m.subject for m in mail.outbox] == ["Direkt"]


def test_the_administrator_sees_what_failed_and_why(client, django_user_model):
    OutgoingEmail.objects.create(
        subject="Bekräfta din prenumeration", recipients="karin@example.org",
        message_data="", status=OutgoingEmail.Status.FAILED, attempts=1,
        last_error="SMTPRecipientsRefused: {'karin@example.org': (550, b'No such user')}",
    )
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(give_totp(admin))
    listing = client.get("/admin/utgaende-epost/?status=failed")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Bekräfta din prenumeration" in html and "karin@example.org" in html
    assert "Misslyckades" in html
    row = OutgoingEmail.objects.get()
    inspect = client.get(f"/admin/utgaende-epost/inspect/{row.pk}/").content.decode()
    assert "No such user" in inspect
    # Nobody edits the outbox by hand.
    assert client.get(f"/admin/utgaende-epost/edit/{row.pk}/").status_code in (302, 403)


def test_the_message_is_emptied_once_the_server_has_it(server, django_capture_on_commit_callbacks):
    server.down = True
    row = send(django_capture_on_commit_callbacks, subject="Återställ lösenord",
               to=("örjan@exempel.se",))
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.QUEUED and row.message_data  # kept for the retry
    server.down = False
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())
    outbox.deliver_email.call(row.pk)
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.SENT and row.message_data == ""
    assert server.delivered[-1].subject == "Återställ lösenord"


def test_sent_and_failed_email_is_purged_after_the_retention_in_the_settings(
    server, django_capture_on_commit_callbacks
):
    MailSettings.objects.update_or_create(defaults={"outbox_retention_days": 10})
    rows = {
        name: send(django_capture_on_commit_callbacks, subject=name) for name in
        ("old sent", "old failed", "old queued", "new sent")
    }
    OutgoingEmail.objects.filter(pk=rows["old failed"].pk).update(status="failed")
    OutgoingEmail.objects.filter(pk=rows["old queued"].pk).update(status="queued")
    eleven_days_ago = timezone.now() - datetime.timedelta(days=11)
    OutgoingEmail.objects.exclude(pk=rows["new sent"].pk).update(created_at=eleven_days_ago)

    call_command("purge_outbox", verbosity=0)

    # A queued e-mail is not purged: it is failed after OUTBOX_GIVE_UP_AFTER, then purged.
    assert set(OutgoingEmail.objects.values_list("subject", flat=True)) == {
        "old queued", "new sent"
    }


def test_the_purge_is_one_of_the_periodic_jobs(settings):
    assert "purge_outbox" in [name for _, name, *_ in settings.PERIODIC_COMMANDS]


def test_forgetting_a_recipient_removes_their_mail_and_only_theirs(
    server, django_capture_on_commit_callbacks
):
    server.down = True  # everything stays queued, with its message
    alone = send(django_capture_on_commit_callbacks, subject="Verifiera", to=("Åsa@Exempel.se",))
    sent = send(django_capture_on_commit_callbacks, subject="Beslut", to=("åsa@exempel.se",))
    OutgoingEmail.objects.filter(pk=sent.pk).update(status="sent", message_data="")
    shared = send(django_capture_on_commit_callbacks, subject="Till flera",
                  to=("Åsa <åsa@exempel.se>", "李雷@例子.中国"))
    longer = send(django_capture_on_commit_callbacks, subject="Annan", to=("kåsa@exempel.se",))

    assert outbox.forget_recipient("  ÅSA@exempel.se ") == 2

    assert not OutgoingEmail.objects.filter(pk__in=[alone.pk, sent.pk]).exists()
    shared.refresh_from_db()
    assert shared.recipients == "李雷@例子.中国"
    assert shared.message().to == ["李雷@例子.中国"]
    longer.refresh_from_db()
    assert longer.recipients == "kåsa@exempel.se"
    assert outbox.forget_recipient("") == 0


def test_an_administrator_sets_the_retention_in_swedish(editor_client):
    url = f"/admin/settings/mrblogg/mailsettings/{MailSettings.load().pk}/"
    page = editor_client.get(url, HTTP_ACCEPT_LANGUAGE="sv")
    assert page.status_code == 200
    assert "spara skickad e-post (dagar)" in page.content.decode().lower()
    refused = editor_client.post(url, {"outbox_retention_days": "0"})
    assert refused.status_code == 200 and MailSettings.load().outbox_retention_days == 30
    editor_client.post(url, {"outbox_retention_days": "14"})
    assert MailSettings.load().outbox_retention_days == 14
