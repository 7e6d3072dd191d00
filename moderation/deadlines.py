"""Time to decision: the target counted in office hours, Stockholm time.

Office hours are ModerationSettings.office_opens to office_closes on working days:
Monday to Friday, less the Swedish public holidays (and the eves that offices keep closed:
midsommarafton, julafton, nyårsafton). A comment is "ok" while more than
`decision_warning_hours` office hours are left of its target, "soon" when that many or fewer
are left, and "overdue" once the target has passed.

Every time here is aware; differences are taken in UTC, so the changes to and from summer
time (always outside office hours) count as they should.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

OFFICE_TIME_ZONE = ZoneInfo("Europe/Stockholm")
OK, SOON, OVERDUE = "ok", "soon", "overdue"
# How far the walks below look for office hours (a year of holidays never comes close).
_MAX_DAYS = 3700
_UTC = datetime.UTC
_DAY = datetime.timedelta(days=1)


def easter_sunday(year):
    """Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def _first_weekday(start, weekday):
    """The first date on or after `start` that falls on `weekday` (Monday = 0)."""
    return start + datetime.timedelta(days=(weekday - start.weekday()) % 7)


@lru_cache(maxsize=64)
def swedish_holidays(year):
    """The days off of `year`: {date: Swedish name}."""
    easter = easter_sunday(year)
    midsummer_eve = _first_weekday(datetime.date(year, 6, 19), 4)  # Friday 19–25 June
    days = {
        datetime.date(year, 1, 1): "nyårsdagen",
        datetime.date(year, 1, 6): "trettondedag jul",
        easter - 2 * _DAY: "långfredagen",
        easter: "påskdagen",
        easter + _DAY: "annandag påsk",
        datetime.date(year, 5, 1): "första maj",
        easter + 39 * _DAY: "Kristi himmelsfärdsdag",
        datetime.date(year, 6, 6): "Sveriges nationaldag",
        midsummer_eve: "midsommarafton",
        midsummer_eve + _DAY: "midsommardagen",
        _first_weekday(datetime.date(year, 10, 31), 5): "alla helgons dag",  # Sat 31 Oct–6 Nov
        datetime.date(year, 12, 24): "julafton",
        datetime.date(year, 12, 25): "juldagen",
        datetime.date(year, 12, 26): "annandag jul",
        datetime.date(year, 12, 31): "nyårsafton",
    }
    return days


def is_working_day(day):
    return day.weekday() < 5 and day not in swedish_holidays(day.year)


@dataclass(frozen=True)
class OfficeHours:
    opens: datetime.time
    closes: datetime.time

    @classmethod
    def from_settings(cls, moderation_settings=None):
        s = moderation_settings or _settings()
        return cls(s.office_opens, s.office_closes)

    def window(self, day):
        """The office hours of `day` in UTC, or None on a day off."""
        if not is_working_day(day) or self.closes <= self.opens:
            return None
        opens = datetime.datetime.combine(day, self.opens, OFFICE_TIME_ZONE)
        closes = datetime.datetime.combine(day, self.closes, OFFICE_TIME_ZONE)
        return opens.astimezone(_UTC), closes.astimezone(_UTC)


def _settings():
    from .models import ModerationSettings

    return ModerationSettings.load()


def _local_day(moment):
    return moment.astimezone(OFFICE_TIME_ZONE).date()


def office_time_between(a, b, hours=None):
    """The office time from `a` to `b` (a timedelta; zero if `b` is not after `a`)."""
    hours = hours or OfficeHours.from_settings()
    a, b = a.astimezone(_UTC), b.astimezone(_UTC)
    total = datetime.timedelta()
    if b <= a:
        return total
    day, last = _local_day(a), _local_day(b)
    while day <= last:
        window = hours.window(day)
        if window:
            start, end = max(window[0], a), min(window[1], b)
            if end > start:
                total += end - start
        day += _DAY
    return total


def due_at(received, target=None, hours=None):
    """When `target` office time (default: the settings' target) after `received` runs out."""
    if target is None:
        target = datetime.timedelta(hours=_settings().decision_target_hours)
    hours = hours or OfficeHours.from_settings()
    moment, left = received.astimezone(_UTC), target
    day = _local_day(moment)
    for _ in range(_MAX_DAYS):
        window = hours.window(day)
        if window and window[1] > moment:
            start = max(window[0], moment)
            if start + left <= window[1]:
                return start + left
            left -= window[1] - start
        day += _DAY
    raise ValueError("No office hours within ten years.")


def received_before(now, spent, hours=None):
    """The latest time a comment could have been received and have waited `spent` office
    time by `now`: comments received at or before it have waited at least that long."""
    hours = hours or OfficeHours.from_settings()
    moment, left = now.astimezone(_UTC), spent
    if left <= datetime.timedelta():
        return moment
    day = _local_day(moment)
    for _ in range(_MAX_DAYS):
        window = hours.window(day)
        if window and window[0] < moment:
            end = min(window[1], moment)
            if end - left >= window[0]:
                return end - left
            left -= end - window[0]
        day -= _DAY
    raise ValueError("No office hours within ten years.")


@dataclass(frozen=True)
class Deadline:
    state: str  # OK, SOON or OVERDUE
    due: datetime.datetime
    left: datetime.timedelta  # office time left (zero when overdue)
    late: datetime.timedelta  # office time past the target (zero unless overdue)


def deadline(comment, now, moderation_settings=None):
    """Where `comment` (received at its created_at) stands against the target at `now`."""
    s = moderation_settings or _settings()
    hours = OfficeHours.from_settings(s)
    target = datetime.timedelta(hours=s.decision_target_hours)
    warning = datetime.timedelta(hours=s.decision_warning_hours)
    spent = office_time_between(comment.created_at, now, hours)
    due = due_at(comment.created_at, target, hours)
    zero = datetime.timedelta()
    if spent >= target:
        return Deadline(OVERDUE, due, zero, spent - target)
    left = target - spent
    return Deadline(SOON if left <= warning else OK, due, left, zero)


def state(comment, now, moderation_settings=None):
    """"ok", "soon" (the warning's office hours or fewer left) or "overdue"."""
    return deadline(comment, now, moderation_settings).state


def cutoffs(now, moderation_settings=None):
    """(soon, overdue): comments received at or before `soon` are close to or past the
    target, at or before `overdue` past it; for counting in the database."""
    s = moderation_settings or _settings()
    hours = OfficeHours.from_settings(s)
    target = datetime.timedelta(hours=s.decision_target_hours)
    warning = datetime.timedelta(hours=s.decision_warning_hours)
    return (received_before(now, max(target - warning, datetime.timedelta()), hours),
            received_before(now, target, hours))


def describe(duration):
    """Office time as the queue says it: "2 h", "2 h 15 min", "25 min"."""
    minutes = int(duration.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"
