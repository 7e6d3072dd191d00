"""Registration for events: until when, how many, once per e-mail address.

`register` is the one place a registration is stored. It locks the event row first,
so the capacity and the one-per-address rule hold when many people register at the
same moment; the e-mails go out from a background task after the commit. Bots meet the
human check and two rate limits, per client and per address (the kernel's limiter).
"""

import datetime
import hashlib
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from mrblogg import ratelimit
from mrblogg.queueing import enqueue_after_commit
from mrblogg.unavailable import retry_later

from .form_builder import first_email_field, without_human_check
from .thanks import thank_you_redirect, wants_thank_you

# The deadline is a date on the event's own clock: the whole last day counts.
EVENT_TIME_ZONE = ZoneInfo("Europe/Stockholm")

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


def today():
    return timezone.now().astimezone(EVENT_TIME_ZONE).date()


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
    from .models import Registration

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


def lock_event(event):
    """Hold the event's row until the transaction ends, so registrations queue up behind it."""
    from .models import EventPost

    events = EventPost.objects.filter(pk=event.pk)
    if connection.features.has_select_for_update:
        list(events.select_for_update(of=("self",)).only("pk"))
    else:
        # SQLite has no row locks: a write as the first statement takes the database's
        # write lock, and a second registration waits for it before it counts anything.
        events.update(registration_capacity=F("registration_capacity"))


def register(event, form):
    """Store a registration from a valid `form`, or add the reason for refusing it to the form.

    Returns the Registration, or None when refused (nothing is stored then).
    """
    from .models import Registration
    from .tasks import send_registration_emails

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
    form = None
    status = None
    response_status = 200
    if fields:
        if request.method == "POST":
            form = event.get_form(request.POST, page=event, user=request.user)
            status = registration_status(event)
            if not ratelimit.attempt(client_limit(), ratelimit.client_value(request)):
                # Counted before the form is checked: guessing at the CAPTCHA counts too.
                form.is_valid()
                form.add_error(None, TOO_MANY_FROM_CLIENT)
                response_status = 429
            elif not status.is_open:
                # A form that was open when the page was loaded; say why and store nothing.
                form.is_valid()
                form.add_error(None, status.message)
            elif form.is_valid():
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
                status = registration_status(event)
        elif wants_thank_you(event, request):
            return event.render_landing_page(request)
        else:
            status = registration_status(event)
            if status.is_open:
                form = event.get_form(page=event, user=request.user)
    elif request.method == "POST":
        return HttpResponseNotAllowed(["GET", "HEAD"])
    context = event.get_context(request, *args, **kwargs)
    context["form"] = form
    context["registration_status"] = status
    response = TemplateResponse(
        request, event.get_template(request, *args, **kwargs), context, status=response_status
    )
    return retry_later(response) if response_status == 503 else response


# --- Cancelling: a signed link in the confirmation ---------------------------------------
# The link signs the registration's id with a digest of its address and the time it was
# made, so it is unguessable, names nobody readable, and never cancels a later registration.
# It does not expire by age; it stops working when the event begins (`cancellable`).

CANCEL_SALT = "blog.registration.cancel"


class InvalidCancelLink(Exception):
    pass


def _cancel_check(registration):
    made = f"{registration.email}:{registration.submit_time.timestamp():.6f}"
    return hashlib.sha256(made.encode()).hexdigest()[:16]


def cancel_token(registration):
    signed = signing.Signer(salt=CANCEL_SALT).sign(f"{registration.pk}:{_cancel_check(registration)}")
    # Base64 again: Wagtail's page URLs allow only letters, digits, "-" and "_" in a segment.
    return urlsafe_base64_encode(signed.encode())


def registration_for_cancel_token(token):
    """The registration a genuine link names, or None when it is gone (cancelled already, or
    the list was deleted). A forged or damaged link raises InvalidCancelLink."""
    from .models import Registration

    try:
        value = signing.Signer(salt=CANCEL_SALT).unsign(urlsafe_base64_decode(token).decode())
    except (ValueError, signing.BadSignature) as error:  # not base64, not UTF-8, or forged
        raise InvalidCancelLink from error
    pk, _sep, check = value.partition(":")
    if not pk.isdigit():
        raise InvalidCancelLink
    registration = Registration.objects.filter(pk=int(pk)).select_related("page").first()
    if registration is None or _cancel_check(registration) != check:
        return None
    return registration


def cancellable(event):
    """A registration may be cancelled up to and including the day the event starts."""
    return today() <= event.start_date


def cancel_registration(registration):
    """Delete `registration`, freeing its place. Returns False when it was gone already."""
    from .models import Registration

    with transaction.atomic():
        # Behind the same lock as register(), so the freed place is counted consistently.
        lock_event(registration.page)
        deleted, _counts = Registration.objects.filter(pk=registration.pk).delete()
    return deleted > 0


def serve_cancel(request, token):
    """GET asks "Cancel your registration?" with a button; only the POST cancels, since mail
    scanners follow links. Every bad link gets a page that says what happened. Never cached:
    the answer changes once the registration is cancelled."""
    response = _cancel_response(request, token)
    add_never_cache_headers(response)
    return response


def _cancel_response(request, token):

    def message(title, text, status=200):
        context = {"title": title, "text": text}
        return TemplateResponse(request, "blog/cancel_registration.html", context, status=status)

    try:
        registration = registration_for_cancel_token(token)
    except InvalidCancelLink:
        return message(
            _("The link does not work"),
            _("This cancellation link is not valid. Check that you copied the whole link from "
              "the e-mail."),
            status=404,
        )
    if registration is None:
        return message(
            _("The registration is already cancelled"),
            _("There is no registration left for this link: it has already been cancelled."),
        )
    event = registration.page.specific
    if not cancellable(event):
        return message(
            _("Too late to cancel"),
            _("%(event)s has already begun, so the registration can no longer be cancelled "
              "here.") % {"event": event.title},
        )
    if request.method == "POST":
        if not cancel_registration(registration):
            return message(
                _("The registration is already cancelled"),
                _("There is no registration left for this link: it has already been cancelled."),
            )
        return message(
            _("Your registration is cancelled"),
            _("You are no longer registered for %(event)s. Your place is free for someone "
              "else.") % {"event": event.title},
        )
    context = {"event": event, "confirm": True, "title": _("Cancel your registration?")}
    return TemplateResponse(request, "blog/cancel_registration.html", context)


def registrations_deletable(event):
    """The list of registrants may be deleted once the event is over."""
    return today() > event.last_day


def delete_registrations(event):
    """Delete every registration for `event` after the event. Returns how many went."""
    from .models import Registration

    if not registrations_deletable(event):
        raise ValueError("The event is not over yet.")
    deleted, _counts = Registration.objects.filter(page=event).delete()
    return deleted
