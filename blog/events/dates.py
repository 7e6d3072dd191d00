"""An event's own clock: its dates and times are Swedish, whatever the server's time zone."""

from zoneinfo import ZoneInfo

from django.utils import timezone

# The deadline is a date on the event's own clock: the whole last day counts.
EVENT_TIME_ZONE = ZoneInfo("Europe/Stockholm")


def today():
    return timezone.now().astimezone(EVENT_TIME_ZONE).date()
