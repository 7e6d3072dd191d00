"""Registration for events: until when, how many, once per e-mail address.

`register` is the one place a registration is stored. It locks the event row first,
so the capacity and the one-per-address rule hold when many people register at the
same moment; the e-mails go out from a background task after the commit. Bots meet the
human check and two rate limits, per client and per address (the kernel's limiter).
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from blog.form_builder import first_email_field, without_human_check
from blog.thanks import thank_you_redirect, wants_thank_you
from mrblogg import ratelimit
from mrblogg.queueing import enqueue_after_commit
from mrblogg.unavailable import retry_later

from .dates import today
from .emails import send_registration_emails
from .registrations import Registration, lock_event

OPEN, CLOSED, FULL = "open", "closed", "full"

logger = logging.getLogger(__name__)

# Refusals by the rate limits (mrblogg/ratelimit.py; the numbers are settings). The client
# limit is per connection over all events; the address limit stops one address being used
# over and over, whatever network the requests come from.
TOO_MANY_FROM_CLIENT = _lazy(
    "Too many registrations from your connection. Wait an hour and try again."
)
TOO_MANY_FOR_ADDRESS = _lazy(
    "Too many registrations for this e-mail address. Wait an hour and try again."
)


def client_limit():
    return ratelimit.Limit.of("registration:client", settings.REGISTRATION_RATE_LIMIT_CLIENT)


def address_limit():
    return ratelimit.Limit.of("registration:address", settings.REGISTRATION_RATE_LIMIT_ADDRESS)


def last_day_to_register(event):
    """The deadline, or the day the event starts when the editor set none."""
    return event.registration_deadline or event.start_date


@dataclass
class RegistrationStatus:
    state: str  # OPEN, CLOSED or FULL
    last_day: datetime.date
    places_left: int | None  # None: no limit

    @property
    def is_open(self):
        return self.state == OPEN

    @property
    def message(self):
        if self.state == CLOSED:
            return _("Registration has closed. The last day to register was %(date)s.") % {
                "date": date_format(self.last_day, "j F Y"),
            }
        if self.state == FULL:
            return _("Registration has closed: all places are taken.")
        return ""


def registration_status(event):
    last_day = last_day_to_register(event)
    places_left = None
    if event.registration_capacity is not None:
        taken = Registration.objects.filter(page=event).count()
        places_left = max(event.registration_capacity - taken, 0)
    if today() > last_day:
        state = CLOSED
    elif places_left == 0:
        state = FULL
    else:
        state = OPEN
    return RegistrationStatus(state, last_day, places_left)


def register(event, form):
    """Store a registration from a valid `form`, or add the reason for refusing it to the form.

    Returns the Registration, or None when refused (nothing is stored then).
    """
    email_field = first_email_field(event)
    email = (form.cleaned_data.get(email_field) or "").strip().lower() if email_field else ""
    duplicate = _("This e-mail address is already registered for this event.")
    with transaction.atomic():
        if email and not ratelimit.attempt(address_limit(), email):
            form.add_error(email_field, TOO_MANY_FOR_ADDRESS)
            return None
        lock_event(event)
        status = registration_status(event)
        if not status.is_open:
            form.add_error(None, status.message)
            return None
        if email and Registration.objects.filter(page=event, email=email).exists():
            form.add_error(email_field, duplicate)
            return None
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    page=event, email=email, form_data=without_human_check(form.cleaned_data),
                )
        except IntegrityError:  # the unique constraint backs up the check above
            form.add_error(email_field, duplicate)
            return None
        # robust: the submission is stored; if queueing fails, resend_form_emails queues it.
        enqueue_after_commit(send_registration_emails, registration.pk)
    return registration


def serve_event(event, request, *args, **kwargs):
    """An event post: with a registration form when it has one, the form handled on POST."""
    fields = event._registration_fields_cache = list(event.get_form_fields())
    form = status = None
    response_status = 200
    if not fields:
        if request.method == "POST":
            return HttpResponseNotAllowed(["GET", "HEAD"])
    elif request.method == "POST":
        outcome = _take_registration(event, request)
        if not isinstance(outcome, tuple):
            return outcome  # the thank-you redirect
        form, status, response_status = outcome
    elif wants_thank_you(event, request):
        return event.render_landing_page(request)
    else:
        status = registration_status(event)
        if status.is_open:
            form = event.get_form(page=event, user=request.user)
    context = event.get_context(request, *args, **kwargs)
    context["form"] = form
    context["registration_status"] = status
    response = TemplateResponse(
        request, event.get_template(request, *args, **kwargs), context, status=response_status
    )
    return retry_later(response) if response_status == 503 else response


def _take_registration(event, request):
    """A POSTed registration form: the thank-you redirect when it is stored, otherwise
    (form with the reasons, status, HTTP status) for the page shown again."""
    form = event.get_form(request.POST, page=event, user=request.user)
    status = registration_status(event)
    if not ratelimit.attempt(client_limit(), ratelimit.client_value(request)):
        # Counted before the form is checked: guessing at the CAPTCHA counts too.
        form.is_valid()
        form.add_error(None, TOO_MANY_FROM_CLIENT)
        return form, status, 429
    if not status.is_open:
        # A form that was open when the page was loaded; say why and store nothing.
        form.is_valid()
        form.add_error(None, status.message)
        return form, status, 200
    if not form.is_valid():
        return form, status, 200
    response_status = 200
    try:
        registration = register(event, form)
    except DatabaseError:
        # register() rolled everything back: say so and keep the answers.
        logger.exception("Registration for event %s could not be stored", event.pk)
        form.add_error(None, _(
            "Your registration could not be saved just now. Nothing was stored; "
            "try again in a moment."
        ))
        response_status = 503
    else:
        if registration is not None:
            return thank_you_redirect(event, request)
    return form, registration_status(event), response_status


def registrations_deletable(event):
    """The list of registrants may be deleted once the event is over."""
    return today() > event.last_day


def delete_registrations(event):
    """Delete every registration for `event` after the event. Returns how many went."""
    if not registrations_deletable(event):
        raise ValueError("The event is not over yet.")
    deleted, _counts = Registration.objects.filter(page=event).delete()
    return deleted
