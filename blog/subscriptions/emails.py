"""The e-mails: the confirmation link and the new-post announcement (plain text and HTML)."""

from email.utils import parseaddr
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from mrblogg.addresses import public_url

from .tokens import confirm_token, unsubscribe_token

# Rendered once per batch; replaced per subscriber. Token characters need no escaping.
UNSUBSCRIBE_PLACEHOLDER = "__UNSUBSCRIBE_URL__"


def confirm_url(subscriber):
    return public_url(reverse("subscriptions:confirm", args=[confirm_token(subscriber)]))


def unsubscribe_url(subscriber):
    return public_url(reverse("subscriptions:unsubscribe", args=[unsubscribe_token(subscriber)]))


def unsubscribe_mailto(subscriber):
    address = settings.SUBSCRIPTIONS_UNSUBSCRIBE_MAILTO or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    subject = quote(f"unsubscribe {unsubscribe_token(subscriber)}")
    return f"mailto:{address}?subject={subject}"


def confirmation_message(subscriber, connection=None):
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "confirm_url": confirm_url(subscriber),
            "days": settings.SUBSCRIPTIONS_CONFIRM_DAYS,
        }
        message = EmailMultiAlternatives(
            subject=_("Confirm your subscription to MR-bloggen"),
            body=render_to_string("subscriptions/email/confirm.txt", context),
            to=[subscriber.email],
            connection=connection,
        )
        message.attach_alternative(
            render_to_string("subscriptions/email/confirm.html", context), "text/html"
        )
    return message


def render_post_mail(post):
    """Subject and both bodies for `post`, with a placeholder for the unsubscribe link."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "post": post,
            "post_url": public_url(post.get_url() or "/"),
            "bloggers": list(post.bloggers.all()),
            "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
        }
        return (
            _("New on MR-bloggen: %(title)s") % {"title": post.title},
            render_to_string("subscriptions/email/new_post.txt", context),
            render_to_string("subscriptions/email/new_post.html", context),
        )


def post_message(rendered, subscriber, connection=None):
    subject, text, html = rendered
    url = unsubscribe_url(subscriber)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text.replace(UNSUBSCRIBE_PLACEHOLDER, url),
        to=[subscriber.email],
        connection=connection,
        headers={
            # RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs here.
            "List-Unsubscribe": f"<{url}>, <{unsubscribe_mailto(subscriber)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html.replace(UNSUBSCRIBE_PLACEHOLDER, url), "text/html")
    return message
