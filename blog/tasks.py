"""E-mails from the forms, sent by the task worker after the submission is committed.

Each task takes a primary key and is idempotent: a message is marked as sent on its row
once it has gone, and a second run (a retry, a re-queued task) skips what was sent. When
all are done the row says so (`emails_done_at`); `queue_unfinished_form_emails` (the
periodic `resend_form_emails`) queues the task again for a submission whose task was never
queued (the database failed right after the commit) or never finished (a worker killed).
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from mrblogg.addresses import public_url
from mrblogg.queueing import enqueue_after_commit

from .form_builder import first_email_field
from .ical import event_ics


def _one_line(text, limit=120):
    """Header-safe text: no line breaks, not too long."""
    return " ".join(str(text).split())[:limit]


def submitted_values(page, form_data):
    """(label, value) for each field of the form, in the form's order."""
    rows = []
    for field in page.get_form_fields():
        value = form_data.get(field.clean_name)
        if isinstance(value, list):
            value = ", ".join(value)
        elif isinstance(value, bool):
            value = _("Yes") if value else _("No")
        rows.append((field.label, "" if value is None else value))
    return rows


def _mark(model, pk, field):
    model.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(**{field: timezone.now()})


@task()
def send_contact_message(submission_id):
    """The message to the contact address (Reply-To the sender), and a receipt to the sender
    that says the message came in, not what it said."""
    from .models import BlogSettings, ContactSubmission

    submission = ContactSubmission.objects.select_related("page").filter(pk=submission_id).first()
    if submission is None:  # purged before the worker got to it
        return
    page = submission.page.specific
    sender = submission.form_data.get(first_email_field(page) or "", "")
    subject_value = submission.form_data.get("amne") or submission.form_data.get("subject") or ""
    context = {"page": page, "rows": submitted_values(page, submission.form_data),
               "submission": submission}
    # The sender's address is not verified: the receipt must not carry what was written, or
    # the form would mail anyone any text under our name. It gets no rows at all.
    receipt_context = {"page": page, "submission": submission}
    with translation.override(settings.LANGUAGE_CODE):
        to_address = BlogSettings.load().contact_email
        if to_address and submission.forwarded_at is None:
            EmailMessage(
                subject=_one_line(_("Contact form: %(subject)s") % {"subject": subject_value}),
                body=render_to_string("blog/email/contact_message.txt", context),
                to=[to_address],
                reply_to=[sender] if sender else None,
            ).send()
            _mark(ContactSubmission, submission.pk, "forwarded_at")
        if sender and submission.receipt_sent_at is None:
            EmailMessage(
                subject=_("We have received your message – MR-bloggen"),
                body=render_to_string("blog/email/contact_receipt.txt", receipt_context),
                to=[sender],
            ).send()
            _mark(ContactSubmission, submission.pk, "receipt_sent_at")
    _mark(ContactSubmission, submission.pk, "emails_done_at")


def cancel_url(event, registration):
    """The signed link in the confirmation that cancels this registration (blog.registration)."""
    from .registration import cancel_token

    index = event.get_parent().specific
    route = index.reverse_subpage("cancel_registration", args=[cancel_token(registration)])
    return f"{index.get_full_url() or '/'}{route}"


@task()
def send_registration_emails(registration_id):
    """A confirmation with a calendar file to the registrant; a notice to the organiser."""
    from .models import Registration

    registration = Registration.objects.select_related("page").filter(pk=registration_id).first()
    if registration is None:  # the list was deleted before the worker got to it
        return
    event = registration.page.specific
    event_url = public_url(event.get_url() or "/")
    context = {"event": event, "rows": submitted_values(event, registration.form_data),
               "registration": registration, "event_url": event_url,
               "registration_count": Registration.objects.filter(page=event).count()}
    # As the contact receipt: the registrant's address is not verified, so the confirmation
    # says what was booked (the editor's texts) and nothing the registrant typed.
    confirmation_context = {"event": event, "event_url": event_url,
                            "cancel_url": cancel_url(event, registration)}
    with translation.override(settings.LANGUAGE_CODE):
        if registration.email and registration.confirmation_sent_at is None:
            message = EmailMessage(
                subject=_one_line(_("Registration confirmed: %(event)s") % {"event": event.title}),
                body=render_to_string(
                    "blog/email/registration_confirmation.txt", confirmation_context
                ),
                to=[registration.email],
                reply_to=[event.organiser_email] if event.organiser_email else None,
            )
            message.attach(f"{event.slug}.ics", event_ics(event), "text/calendar; charset=utf-8")
            message.send()
            _mark(Registration, registration.pk, "confirmation_sent_at")
        if event.organiser_email and registration.organiser_notified_at is None:
            EmailMessage(
                subject=_one_line(_("New registration: %(event)s") % {"event": event.title}),
                body=render_to_string("blog/email/registration_notice.txt", context),
                to=[event.organiser_email],
                reply_to=[registration.email] if registration.email else None,
            ).send()
            _mark(Registration, registration.pk, "organiser_notified_at")
    _mark(Registration, registration.pk, "emails_done_at")


def queue_unfinished_form_emails(now=None):
    """Queue the e-mail task again for each submission of the last two days whose e-mails
    are not all done ten minutes after it was sent. Returns how many."""
    from .models import ContactSubmission, Registration

    now = now or timezone.now()
    window = {
        "emails_done_at__isnull": True,
        "submit_time__gte": now - datetime.timedelta(seconds=settings.FORM_EMAILS_GIVE_UP_AFTER),
        "submit_time__lte": now - datetime.timedelta(seconds=settings.FORM_EMAILS_GRACE),
    }
    queued = 0
    for model, task_obj in [(ContactSubmission, send_contact_message),
                            (Registration, send_registration_emails)]:
        for pk in model.objects.filter(**window).values_list("pk", flat=True)[:500]:
            enqueue_after_commit(task_obj, pk)
            queued += 1
    return queued
