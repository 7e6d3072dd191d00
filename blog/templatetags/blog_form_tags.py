"""Template tags of the forms: an event's schema.org data."""

import datetime
import json

from django import template
from django.utils.safestring import mark_safe

from ..registration import EVENT_TIME_ZONE

register = template.Library()


def _moment(day, time):
    if time is None:
        return day.isoformat()
    return datetime.datetime.combine(day, time, tzinfo=EVENT_TIME_ZONE).isoformat()


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
        data["location"] = {
            "@type": "Place",
            "name": event.venue_name or event.address,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": event.street_address,
                "addressLocality": event.locality,
                "addressCountry": "SE",
            },
        }
    if event.occasions:
        data["subEvent"] = [
            {
                "@type": "Event",
                "name": f"{event.title}: {o.value['label']}" if o.value["label"] else event.title,
                "startDate": o.value["date"].isoformat(),
                "endDate": (o.value["end_date"] or o.value["date"]).isoformat(),
            }
            for o in event.occasions
        ]
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
