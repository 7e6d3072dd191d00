"""How long each kind of personal data is kept: the one list that the purge jobs and the
privacy page ("Så behandlar vi dina personuppgifter") both read.

The kernel cannot know the apps' data, so each app registers its kinds in its AppConfig.ready()
(`register`), with a function that returns the period from the setting that governs it. A purge
job asks `cutoff(key)` for the moment before which rows go; the page renders `kinds()` live. So
the page cannot promise a period that the jobs do not enforce: both call the same function.

A kind that no job deletes on a timer (an account, a subscription) registers no period
(`keep=None`) and says in `kept_until` what ends it; the page shows that text instead.
"""

import datetime
from dataclasses import dataclass
from typing import Callable

from django.utils import timezone
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # what the data is, as the page names it (lazy gettext)
    keep: Callable[[], datetime.timedelta] | None = None  # the period, read from its setting
    command: str = ""  # the periodic management command that deletes it after `keep`
    kept_until: str = ""  # for a kind without a period: what ends it (lazy gettext)


_kinds: dict[str, Kind] = {}


def register(key, label, *, keep=None, command="", kept_until=""):
    """Record a kind of personal data. Registering a key again replaces it (reloads in tests)."""
    if keep is None and not kept_until:
        raise ValueError(f"Kind {key!r} needs a period or a text saying what ends it.")
    _kinds[key] = Kind(key, label, keep, command, kept_until)


def kinds():
    """Every registered kind, in the order registered (the apps' order in INSTALLED_APPS)."""
    return list(_kinds.values())


def get(key):
    return _kinds[key]


def period(key):
    """The period `key` is kept, from its setting now."""
    kind = _kinds[key]
    if kind.keep is None:
        raise ValueError(f"Kind {key!r} has no period: nothing deletes it on a timer.")
    return kind.keep()


def describe(kind):
    """The period of `kind` as the privacy page says it ("90 dagar", "24 timmar"), or what
    ends it when no job deletes it on a timer."""
    if kind.keep is None:
        return str(kind.kept_until)
    seconds = int(kind.keep().total_seconds())
    if seconds % 86400 == 0:
        days = seconds // 86400
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    hours = -(-seconds // 3600)  # a part of an hour is said as the whole hour
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


def cutoff(key, now=None):
    """The moment before which rows of `key` are deleted by its purge job."""
    return (now or timezone.now()) - period(key)
