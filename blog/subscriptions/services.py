"""What happens to a subscriber: asking to subscribe, confirming, leaving; and the rate limits.

Views call these; each holds its own transaction and hands e-mail to the worker after commit.
"""

import datetime
import ipaddress

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from mrblogg.queueing import enqueue_after_commit

from .models import Delivery, RateLimitHit, Subscriber

# The wording a subscriber agrees to; stored, as shown in Swedish, on confirmation.
CONSENT_TEXT = _(
    "I want an e-mail from MR-bloggen each time a new post is published. MR-bloggen keeps "
    "my e-mail address, when I agreed to this and the network I agreed from, only to send "
    "these e-mails. Every e-mail has a link that ends the subscription at once."
)

ADDRESS = "address"
CLIENT = "client"


def normalise_email(email):
    return email.strip().lower()


def client_ip(request):
    return request.META.get("REMOTE_ADDR", "")


def network_of(ip, v4_prefix=24, v6_prefix=48):
    """The network an address belongs to (192.0.2.0/24, 2001:db8:1::/48), never the address."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    prefix = v4_prefix if address.version == 4 else v6_prefix
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def _limit_key(scope, value):
    return salted_hmac("blog.subscriptions.ratelimit", f"{scope}:{value}").hexdigest()


def _limit(scope):
    return {
        ADDRESS: settings.SUBSCRIPTIONS_RATE_LIMIT_ADDRESS,
        CLIENT: settings.SUBSCRIPTIONS_RATE_LIMIT_CLIENT,
    }[scope]


def client_limit_value(ip):
    # One person on IPv6 usually holds a whole /64; counting per address would not limit them.
    return network_of(ip, v4_prefix=32, v6_prefix=64) or "unknown"


def is_rate_limited(scope, value):
    attempts, window = _limit(scope)
    since = timezone.now() - datetime.timedelta(seconds=window)
    key = _limit_key(scope, value)
    return (
        RateLimitHit.objects.filter(scope=scope, key=key, created_at__gte=since).count() >= attempts
    )


def count_attempt(scope, value):
    _, window = _limit(scope)
    key = _limit_key(scope, value)
    now = timezone.now()
    RateLimitHit.objects.filter(
        scope=scope, key=key, created_at__lt=now - datetime.timedelta(seconds=window)
    ).delete()
    RateLimitHit.objects.create(scope=scope, key=key, created_at=now)


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
