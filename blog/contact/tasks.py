"""The contact form's e-mails, sent by the task worker after the message is committed
(the retry and resend rules: blog/form_emails.py)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from blog.form_builder import first_email_field
from blog.form_emails import mark, one_line, sends_for, submitted_values
from blog.models import BlogSettings

from .messages import ContactSubmission


@sends_for(ContactSubmission)
@task()
def send_contact_message(submission_id):
    """The message to the contact address (Reply-To the sender), and a receipt to the sender
    that says the message came in, not what it said."""
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
                subject=one_line(_("Contact form: %(subject)s") % {"subject": subject_value}),
                body=render_to_string("contact/email/contact_message.txt", context),
                to=[to_address],
                reply_to=[sender] if sender else None,
            ).send()
            mark(ContactSubmission, submission.pk, "forwarded_at")
        if sender and submission.receipt_sent_at is None:
            EmailMessage(
                subject=_("We have received your message – MR-bloggen"),
                body=render_to_string("contact/email/contact_receipt.txt", receipt_context),
                to=[sender],
            ).send()
            mark(ContactSubmission, submission.pk, "receipt_sent_at")
    mark(ContactSubmission, submission.pk, "emails_done_at")

