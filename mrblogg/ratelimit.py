"""The one rate limiter: attempts counted in the database, so every web process and every
machine sees the same numbers, whatever the cache is.

A `Limit` is a scope ("contact:client"), a number of attempts and a window in seconds.
`attempt(limit, value)` counts one attempt for `value` (an address, a client network) and
says whether it is still within the limit. Counting and deciding are one UPDATE of one row
per (scope, key, window), so concurrent requests queue on that row (PostgreSQL's row lock,
SQLite's single writer) and never both see "one left".

Windows are fixed (12:00–13:00, 13:00–14:00), and the previous window's count is carried
into the current one in proportion to the time it still overlaps the last `window` seconds,
so a burst at the turn of the hour is not let through twice. Keys are HMACs of the scope and
the value under SECRET_KEY: the table never holds an address.
"""

import datetime
import ipaddress
import math
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from . import retention
from .clientip import client_ip
from .models import RateLimitCounter


@dataclass(frozen=True)
class Limit:
    scope: str  # at most 40 characters, e.g. "registration:client"
    attempts: int
    window: int  # seconds

    @classmethod
    def of(cls, scope, setting):
        """From a setting written as (attempts, window in seconds)."""
        attempts, window = setting
        return cls(scope, int(attempts), int(window))


def digest(scope, value):
    return salted_hmac("mrblogg.ratelimit", f"{scope}:{value}", algorithm="sha256").hexdigest()


def client_value(request):
    """What a per-client limit counts: the client's address, or its /64 on IPv6 (one person
    usually holds a whole /64, so counting single addresses would not limit them)."""
    ip = client_ip(request)
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "unknown"
    prefix = 32 if address.version == 4 else 64
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def _window_start(limit, now):
    seconds = math.floor(now.timestamp() / limit.window) * limit.window
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)


def _weighted(limit, now, current, previous):
    start = _window_start(limit, now)
    overlap = 1 - (now - start).total_seconds() / limit.window
    return current + previous * overlap


def _counts(limit, key, now):
    start = _window_start(limit, now)
    rows = dict(
        RateLimitCounter.objects.filter(
            scope=limit.scope, key=key,
            window_start__in=[start, start - datetime.timedelta(seconds=limit.window)],
        ).values_list("window_start", "count")
    )
    return rows.get(start, 0), rows.get(start - datetime.timedelta(seconds=limit.window), 0)


def attempt(limit, value, now=None):
    """Count one attempt for `value`; True when it is within the limit, False when it is
    over it (refused attempts count too, so hammering keeps the door shut)."""
    now = now or timezone.now()
    key = digest(limit.scope, value)
    start = _window_start(limit, now)
    row = RateLimitCounter.objects.filter(scope=limit.scope, key=key, window_start=start)
    with transaction.atomic():
        if not row.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateLimitCounter.objects.create(
                        scope=limit.scope, key=key, window_start=start, count=1
                    )
            except IntegrityError:  # another request created it a moment ago
                row.update(count=F("count") + 1)
        current, previous = _counts(limit, key, now)
        # Forget this key's windows that can no longer count.
        RateLimitCounter.objects.filter(
            scope=limit.scope, key=key,
            window_start__lt=start - datetime.timedelta(seconds=limit.window),
        ).delete()
    return _weighted(limit, now, current, previous) <= limit.attempts


# No limit in use has a window longer than a day; counters older than this can no longer count.
PRUNE_AFTER = datetime.timedelta(days=2)


def prune(now=None):
    """Delete counters of windows that began more than PRUNE_AFTER ago (the periodic
    `prune_rate_limits`): keys never seen again would otherwise stay for ever. The period is
    the one the privacy page shows (mrblogg/retention.py)."""
    deleted, _counts_by_model = RateLimitCounter.objects.filter(
        window_start__lt=retention.cutoff("rate_limits", now)
    ).delete()
    return deleted
