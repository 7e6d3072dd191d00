"""What happens to a subscriber: asking to subscribe, confirming, leaving; and its rate limits
(counted by the kernel's limiter, mrblogg/ratelimit.py).

Views call these; each holds its own transaction and hands e-mail to the worker after commit.
"""

import datetime
import ipaddress

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from mrblogg.queueing import enqueue_after_commit
from mrblogg.ratelimit import Limit

from .models import Delivery, Subscriber

# The wording a subscriber agrees to; stored, as shown in Swedish, on confirmation.
CONSENT_TEXT = _(
    "I want an e-mail from MR-bloggen each time a new post is published. MR-bloggen keeps "
    "my e-mail address, when I agreed to this and the network I agreed from, only to send "
    "these e-mails. Every e-mail has a link that ends the subscription at once."
)


def normalise_email(email):
    return email.strip().lower()


def network_of(ip, v4_prefix=24, v6_prefix=48):
    """The network an address belongs to (192.0.2.0/24, 2001:db8:1::/48), never the address."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    prefix = v4_prefix if address.version == 4 else v6_prefix
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def address_limit():
    return Limit.of("subscribe:address", settings.SUBSCRIPTIONS_RATE_LIMIT_ADDRESS)


def client_limit():
    return Limit.of("subscribe:client", settings.SUBSCRIPTIONS_RATE_LIMIT_CLIENT)


def request_subscription(email):
    """Start (or restart) the double opt-in for `email`. Says nothing about whether the
    address was known: the caller shows the same reply in every case."""
    from .tasks import send_confirmation

    email = normalise_email(email)
    now = timezone.now()
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            email=email,
            defaults={"created_at": now, "requested_at": now},
        )
        if subscriber.status == Subscriber.Status.CONFIRMED:
            return subscriber
        if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            subscriber.status = Subscriber.Status.PENDING
            subscriber.requested_at = now
            subscriber.confirmation_sent_at = None
        resend_after = datetime.timedelta(seconds=settings.SUBSCRIPTIONS_RESEND_AFTER)
        if subscriber.confirmation_sent_at and now - subscriber.confirmation_sent_at < resend_after:
            return subscriber
        subscriber.confirmation_sent_at = now
        subscriber.save()
        enqueue_after_commit(send_confirmation, subscriber.pk)
    return subscriber


def consent_wording():
    with translation.override(settings.LANGUAGE_CODE):
        return str(CONSENT_TEXT)


def confirm(subscriber, ip):
    """PENDING → CONFIRMED, keeping when, from which network and to what wording. Returns
    False when there is nothing to confirm (the person left after the link was sent)."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == Subscriber.Status.CONFIRMED:
            return True
        if subscriber.status != Subscriber.Status.PENDING:
            return False
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.consent_text = consent_wording()
        subscriber.consent_network = network_of(ip)
        subscriber.unsubscribed_at = None
        subscriber.save()
    return True


def unsubscribe(subscriber):
    """Nothing more is sent to this address, from this moment, whatever is queued."""
    with transaction.atomic():
        Subscriber.objects.filter(pk=subscriber.pk).exclude(
            status=Subscriber.Status.UNSUBSCRIBED
        ).update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
        Delivery.objects.filter(subscriber=subscriber, status=Delivery.Status.PENDING).delete()
