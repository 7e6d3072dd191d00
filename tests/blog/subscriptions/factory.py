"""Small, explicit factories for subscription tests."""

import itertools

from django.utils import timezone

from blog.subscriptions.models import Subscriber
from blog.subscriptions.services import consent_wording

_seq = itertools.count(1)


def make_subscriber(email=None, status=Subscriber.Status.CONFIRMED, **fields):
    n = next(_seq)
    now = timezone.now()
    defaults = dict(
        email=email or f"person{n}@example.org",
        status=status,
        requested_at=now,
        confirmation_sent_at=now,
    )
    if status == Subscriber.Status.CONFIRMED:
        defaults.update(
            confirmed_at=now, consent_text=consent_wording(), consent_network="192.0.2.0/24"
        )
    defaults.update(fields)
    return Subscriber.objects.create(**defaults)


def make_subscribers(count, **fields):
    return [make_subscriber(**fields) for _ in range(count)]


def recipients(outbox):
    return sorted(address for message in outbox for address in message.to)
