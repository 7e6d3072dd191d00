"""The events' own addresses beside the page tree: an event's calendar file and the page
a cancellation link opens (both at the blog's root: /kalender/<slug>/, /avboka/<token>/)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from blog.models import current_blog_index

from .cancel import (
    InvalidCancelLink,
    cancel_registration,
    cancellable,
    registration_for_cancel_token,
)
from .ical import ics_response
from .models import EventPost

CANCEL_TEMPLATE = "events/cancel_registration.html"


def event_ics(request, slug):
    """The calendar file of a live, public event post in the blog."""
    blog_index = current_blog_index()
    if blog_index is None:
        raise Http404
    events = EventPost.objects.live().public().child_of(blog_index)
    return ics_response(get_object_or_404(events, slug=slug))


@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request, token):
    """GET asks "Cancel your registration?" with a button; only the POST cancels, since mail
    scanners follow links. Every bad link gets a page that says what happened. Never cached:
    the answer changes once the registration is cancelled."""
    response = _cancel_response(request, token)
    add_never_cache_headers(response)
    return response


def _message(request, title, text, status=200):
    context = {"title": title, "text": text}
    return TemplateResponse(request, CANCEL_TEMPLATE, context, status=status)


def _already_cancelled(request):
    return _message(
        request,
        _("The registration is already cancelled"),
        _("There is no registration left for this link: it has already been cancelled."),
    )


def _cancel_response(request, token):
    try:
        registration = registration_for_cancel_token(token)
    except InvalidCancelLink:
        return _message(
            request,
            _("The link does not work"),
            _("This cancellation link is not valid. Check that you copied the whole link from "
              "the e-mail."),
            status=404,
        )
    if registration is None:
        return _already_cancelled(request)
    event = registration.page.specific
    if not cancellable(event):
        return _message(
            request,
            _("Too late to cancel"),
            _("%(event)s has already begun, so the registration can no longer be cancelled "
              "here.") % {"event": event.title},
        )
    if request.method != "POST":
        context = {"event": event, "confirm": True, "title": _("Cancel your registration?")}
        return TemplateResponse(request, CANCEL_TEMPLATE, context)
    if not cancel_registration(registration):
        return _already_cancelled(request)
    return _message(
        request,
        _("Your registration is cancelled"),
        _("You are no longer registered for %(event)s. Your place is free for someone "
          "else.") % {"event": event.title},
    )
