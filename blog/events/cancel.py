"""Cancelling a registration: a signed link in the confirmation.

The link signs the registration's id with a digest of its address and the time it was
made, so it is unguessable, names nobody readable, and never cancels a later registration.
It does not expire by age; it stops working when the event begins (`cancellable`).
"""

import hashlib

from django.core import signing
from django.db import transaction
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from .dates import today
from .registrations import Registration, lock_event

# Unchanged since the links lived in blog/registration.py: links already sent keep working.
CANCEL_SALT = "blog.registration.cancel"


class InvalidCancelLink(Exception):
    pass


def _cancel_check(registration):
    made = f"{registration.email}:{registration.submit_time.timestamp():.6f}"
    return hashlib.sha256(made.encode()).hexdigest()[:16]


def cancel_token(registration):
    signed = signing.Signer(salt=CANCEL_SALT).sign(f"{registration.pk}:{_cancel_check(registration)}")
    # Base64 again: the link's path segment then has only letters, digits, "-" and "_".
    return urlsafe_base64_encode(signed.encode())


def registration_for_cancel_token(token):
    """The registration a genuine link names, or None when it is gone (cancelled already, or
    the list was deleted). A forged or damaged link raises InvalidCancelLink."""
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
    with transaction.atomic():
        # Behind the same lock as register(), so the freed place is counted consistently.
        lock_event(registration.page.specific)
        deleted, _counts = Registration.objects.filter(pk=registration.pk).delete()
    return deleted > 0
