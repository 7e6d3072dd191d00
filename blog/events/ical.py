"""An event post as an iCalendar file (RFC 5545): the download and the e-mail attachment.

Written by hand rather than with a library: one calendar with a few events, times in
UTC, text escaped and long lines folded is all the format needs here.
"""

import datetime
from urllib.parse import urlsplit

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from mrblogg.addresses import public_url, site_root

from .dates import EVENT_TIME_ZONE


def _escape(text):
    return (
        str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line):
    """Lines of at most 75 octets, continued with a space, never splitting a character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current)
            current = b""
        current += encoded
    out.append(current)
    return "\r\n ".join(part.decode("utf-8") for part in out)


def _utc(day, time):
    moment = datetime.datetime.combine(day, time, tzinfo=EVENT_TIME_ZONE)
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def occurrences(event):
    """(DTSTART, DTEND, label) properties for each meeting of the event."""
    if event.occasions:
        for block in event.occasions:
            start, end = block.value["date"], block.value["end_date"] or block.value["date"]
            yield (
                f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
                f"DTEND;VALUE=DATE:{end + datetime.timedelta(days=1):%Y%m%d}",
                block.value["label"],
            )
    elif event.start_time and event.end_time:
        yield (
            f"DTSTART:{_utc(event.start_date, event.start_time)}",
            f"DTEND:{_utc(event.last_day, event.end_time)}",
            "",
        )
    else:
        yield (
            f"DTSTART;VALUE=DATE:{event.start_date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.last_day + datetime.timedelta(days=1):%Y%m%d}",
            "",
        )


def event_ics(event):
    url = public_url(event.get_url() or "/")
    host = urlsplit(site_root()).hostname or "mr-bloggen"
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//MR-bloggen//Evenemang//SV",
        "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
    ]
    for number, (start, end, label) in enumerate(occurrences(event), start=1):
        summary = f"{event.title}: {label}" if label else event.title
        lines += [
            "BEGIN:VEVENT",
            f"UID:event-{event.pk}-{number}@{host}",
            f"DTSTAMP:{stamp}",
            start,
            end,
            f"SUMMARY:{_escape(summary)}",
        ]
        if event.address:
            lines.append(f"LOCATION:{_escape(event.address)}")
        description = "\n\n".join(p for p in [event.intro, event.time_note, url] if p)
        lines.append(f"DESCRIPTION:{_escape(description)}")
        if url:
            lines.append(f"URL:{url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def ics_response(event):
    response = HttpResponse(event_ics(event), content_type="text/calendar; charset=utf-8")
    # A slug from before ASCII slugs may be Unicode: Django writes it as RFC 6266 filename*.
    response["Content-Disposition"] = content_disposition_header(True, f"{event.slug}.ics")
    return response
