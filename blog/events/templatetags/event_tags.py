"""Template tags of event posts: the event as schema.org data."""

import datetime
import json

from django import template
from django.utils.safestring import mark_safe

from ..dates import EVENT_TIME_ZONE

register = template.Library()


def _moment(day, time):
    if time is None:
        return day.isoformat()
    return datetime.datetime.combine(day, time, tzinfo=EVENT_TIME_ZONE).isoformat()


def _place(event):
    return {
        "@type": "Place",
        "name": event.venue_name or event.address,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": event.street_address,
            "addressLocality": event.locality,
            "addressCountry": "SE",
        },
    }


def _meeting(event, occasion):
    """One meeting of an event that meets on several days, as a sub-event."""
    return {
        "@type": "Event",
        "name": f"{event.title}: {occasion['label']}" if occasion["label"] else event.title,
        "startDate": occasion["date"].isoformat(),
        "endDate": (occasion["end_date"] or occasion["date"]).isoformat(),
    }


def event_data(event, request=None):
    """The event as a schema.org Event (https://schema.org/Event)."""
    url = event.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.intro,
        "startDate": _moment(event.start_date, event.start_time),
        "endDate": _moment(event.last_day, event.end_time),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": event.is_free,
        "url": url,
    }
    if event.address:
        data["location"] = _place(event)
    if event.occasions:
        data["subEvent"] = [_meeting(event, occasion.value) for occasion in event.occasions]
    if event.is_free:
        offer = {"@type": "Offer", "price": "0", "priceCurrency": "SEK", "url": url}
        if event.registration_deadline:
            offer["validThrough"] = event.registration_deadline.isoformat()
        data["offers"] = offer
    return data


@register.simple_tag(takes_context=True)
def event_json_ld(context, event):
    """A <script type="application/ld+json"> with the event's data (data, not code)."""
    text = json.dumps(event_data(event, context.get("request")), ensure_ascii=False)
    # As in Django's json_script: nothing in the data can close the element.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
