"""Signed links: confirming an opt-in (expires) and unsubscribing (does not).

Both sign the subscriber's id with a value that changes when it should stop working: the
start of the current opt-in for confirmation, a digest of the address for unsubscribing
(so a reused id never unsubscribes someone else). Nothing personal is readable in the link.
"""

import datetime
import hashlib

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "blog.subscriptions.confirm"
UNSUBSCRIBE_SALT = "blog.subscriptions.unsubscribe"


class InvalidToken(Exception):
    pass


class ExpiredToken(InvalidToken):
    pass


def _address_digest(email):
    return hashlib.sha256(email.encode()).hexdigest()[:16]


def confirm_token(subscriber):
    value = f"{subscriber.pk}:{int(subscriber.requested_at.timestamp())}"
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(value)


def unsubscribe_token(subscriber):
    value = f"{subscriber.pk}:{_address_digest(subscriber.email)}"
    return signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).sign(value)


def _unsign(token, salt, max_age=None):
    try:
        value = signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    except signing.SignatureExpired as e:
        raise ExpiredToken from e
    except signing.BadSignature as e:
        raise InvalidToken from e
    pk, _, check = value.partition(":")
    if not pk.isdigit():
        raise InvalidToken
    return int(pk), check


def subscriber_for_confirm_token(token):
    """The subscriber a confirmation link names, if the link is genuine, current and not expired."""
    from .models import Subscriber

    max_age = datetime.timedelta(days=settings.SUBSCRIPTIONS_CONFIRM_DAYS)
    pk, check = _unsign(token, CONFIRM_SALT, max_age)
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None or str(int(subscriber.requested_at.timestamp())) != check:
        raise InvalidToken
    return subscriber


def subscriber_for_unsubscribe_token(token):
    """The subscriber a genuine unsubscribe link names, or None when they are gone already
    (deleted by an officer): leaving then needs nothing more. A forged link raises."""
    from .models import Subscriber

    pk, check = _unsign(token, UNSUBSCRIBE_SALT)
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None or _address_digest(subscriber.email) != check:
        return None
    return subscriber
