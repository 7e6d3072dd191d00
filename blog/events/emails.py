"""The registration e-mails, sent by the task worker after the registration is committed
(the retry and resend rules: blog/form_emails.py)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from blog.form_emails import mark, one_line, sends_for, submitted_values
from mrblogg.addresses import public_url

from .cancel import cancel_token
from .ical import event_ics
from .registrations import Registration


def cancel_url(registration):
    """The signed link in the confirmation that cancels this registration (cancel.py)."""
    return public_url(reverse("events:cancel_registration", args=[cancel_token(registration)]))


@sends_for(Registration)
@task()
def send_registration_emails(registration_id):
    """A confirmation with a calendar file to the registrant; a notice to the organiser."""
    registration = Registration.objects.select_related("page").filter(pk=registration_id).first()
    if registration is None:  # the list was deleted before the worker got to it
        return
    event = registration.page.specific
    event_url = public_url(event.get_url() or "/")
    with translation.override(settings.LANGUAGE_CODE):
        if registration.email and registration.confirmation_sent_at is None:
            _send_confirmation(event, registration, event_url)
            mark(Registration, registration.pk, "confirmation_sent_at")
        if event.organiser_email and registration.organiser_notified_at is None:
            _notify_organiser(event, registration, event_url)
            mark(Registration, registration.pk, "organiser_notified_at")
    mark(Registration, registration.pk, "emails_done_at")


def _send_confirmation(event, registration, event_url):
    # As the contact receipt: the registrant's address is not verified, so the confirmation
    # says what was booked (the editor's texts) and nothing the registrant typed.
    context = {"event": event, "event_url": event_url, "cancel_url": cancel_url(registration)}
    message = EmailMessage(
        subject=one_line(_("Registration confirmed: %(event)s") % {"event": event.title}),
        body=render_to_string("events/email/registration_confirmation.txt", context),
        to=[registration.email],
        reply_to=[event.organiser_email] if event.organiser_email else None,
    )
    message.attach(f"{event.slug}.ics", event_ics(event), "text/calendar; charset=utf-8")
    message.send()


def _notify_organiser(event, registration, event_url):
    context = {"event": event, "rows": submitted_values(event, registration.form_data),
               "registration": registration, "event_url": event_url,
               "registration_count": Registration.objects.filter(page=event).count()}
    EmailMessage(
        subject=one_line(_("New registration: %(event)s") % {"event": event.title}),
        body=render_to_string("events/email/registration_notice.txt", context),
        to=[event.organiser_email],
        reply_to=[registration.email] if registration.email else None,
    ).send()
