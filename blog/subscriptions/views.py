"""Subscribe, confirm, unsubscribe. Each view parses the request, calls one service, renders."""

from django.conf import settings
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from blog.models import current_blog_index
from mrblogg import ratelimit
from mrblogg.clientip import client_ip

from . import services
from .forms import SubscribeForm
from .tokens import (
    ExpiredToken,
    InvalidToken,
    subscriber_for_confirm_token,
    subscriber_for_unsubscribe_token,
)


def _render(request, template, context=None, status=200):
    context = {"blog_index": current_blog_index(), **(context or {})}
    return TemplateResponse(request, template, context, status=status)


def _message(request, title, text, status=200, subscribe_link=False):
    return _render(
        request,
        "subscriptions/message.html",
        {"title": title, "text": text, "subscribe_link": subscribe_link},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def subscribe(request):
    status = 200
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        valid = form.is_valid()
        if not ratelimit.attempt(services.client_limit(), ratelimit.client_value(request)):
            form.add_error(
                None, _("Too many attempts from your connection. Wait an hour and try again.")
            )
            status = 429
        elif valid:
            email = services.normalise_email(form.cleaned_data["email"])
            if not ratelimit.attempt(services.address_limit(), email):
                form.add_error(
                    "email", _("Too many attempts for this address. Wait an hour and try again.")
                )
                status = 429
            else:
                services.request_subscription(email)
                return redirect("subscriptions:requested")
        else:
            status = 400
    else:
        form = SubscribeForm()
    return _render(
        request,
        "subscriptions/subscribe.html",
        {"form": form, "consent_text": services.CONSENT_TEXT},
        status=status,
    )


def requested(request):
    # The same reply whether the address was new, waiting, subscribing or gone.
    return _message(
        request,
        _("Check your e-mail"),
        _(
            "If the address can receive e-mail from us, a message with a link to confirm the "
            "subscription is on its way. The link works for %(days)s days. Nothing is sent "
            "to you until you confirm."
        )
        % {"days": settings.SUBSCRIPTIONS_CONFIRM_DAYS},
    )


def _bad_link(request, error):
    if isinstance(error, ExpiredToken):
        text = _("The link has expired. Subscribe again and you will get a new link.")
    else:
        text = _("The link does not work. Copy the whole link from the e-mail, or subscribe again.")
    return _message(request, _("The link does not work"), text, status=400, subscribe_link=True)


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET only shows a button, so mail scanners that follow links confirm nothing."""
    try:
        subscriber = subscriber_for_confirm_token(token)
    except InvalidToken as error:
        return _bad_link(request, error)
    if request.method == "POST":
        if not services.confirm(subscriber, client_ip(request)):
            return _bad_link(request, InvalidToken())
        return _message(
            request,
            _("You now subscribe to MR-bloggen"),
            _(
                "You will get an e-mail when a new post is published. Every e-mail has a link "
                "that ends the subscription."
            ),
        )
    if subscriber.status == subscriber.Status.UNSUBSCRIBED:
        return _bad_link(request, InvalidToken())
    return _render(
        request,
        "subscriptions/confirm.html",
        {
            "consent_text": services.CONSENT_TEXT,
            "already": subscriber.status == subscriber.Status.CONFIRMED,
        },
    )


@csrf_exempt  # RFC 8058: the mail client POSTs without a session; the signed URL is the secret
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        subscriber = subscriber_for_unsubscribe_token(token)
    except InvalidToken as error:
        return _bad_link(request, error)
    if request.method == "POST":
        if subscriber is not None:
            services.unsubscribe(subscriber)
        return _message(
            request,
            _("You no longer subscribe"),
            _(
                "We send no more e-mails about new posts to your address. You are welcome to "
                "subscribe again whenever you like."
            ),
            subscribe_link=True,
        )
    return _render(request, "subscriptions/unsubscribe.html")
