"""allauth for reader accounts: the adapter (ACCOUNT_ADAPTER) and the forms (ACCOUNT_FORMS)."""

from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm, ResetPasswordForm, SignupForm
from allauth.core import context as allauth_context
from django.conf import settings
from django.core.exceptions import PermissionDenied

from mrblogg.addresses import public_url, site_root
from mrblogg.captcha import HumanCheckField
from mrblogg.clientip import client_ip
from mrblogg.security import signed_in_recently
from mrblogg.unavailable import KeepsInput
from mrblogg.validators import validate_sendable_email


class HumanCheckedSignupForm(SignupForm):
    """allauth's sign-up (with ReaderSignupForm's display name), the human check last."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # After the passwords, just before the button, as on every other form of the site.
        self.fields["captcha"] = HumanCheckField()


class ReaderLoginForm(KeepsInput, LoginForm):
    """allauth's login, given back with the address (never the password) if the database fails."""


class ReaderResetPasswordForm(KeepsInput, ResetPasswordForm):
    """allauth's password reset, given back with the address if the database fails."""


class ReaderAccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email):
        """Every address allauth takes (sign-up, adding an address, password reset) is one
        we can write to: allauth sends each of them an e-mail."""
        email = super().clean_email(email)
        validate_sendable_email(email)
        return email

    def get_client_ip(self, request):
        """The address allauth's rate limits count: the site's one client-IP helper, so
        allauth and the site's own limits agree on who is asking behind the proxy."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    # allauth builds its links from the request (the Host header a client chose) or, with no
    # request (the worker), from django.contrib.sites. Ours come from the site's one public
    # address (mrblogg/addresses.py), so mail sent from a request and from the worker agree.
    def get_email_confirmation_url(self, request, emailconfirmation):
        return at_public_address(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key):
        return at_public_address(super().get_reset_password_from_key_url(key))

    def send_mail(self, template_prefix, email, context):
        """Every link allauth puts in a mail (also the sign-up and reset links of its
        "unknown account" and "account exists" notices) and the signature at the public
        address."""
        context = {
            key: at_public_address(value)
            if key.endswith("_url") and isinstance(value, str) else value
            for key, value in context.items()
        }
        context["current_site"] = SimpleNamespace(
            domain=urlsplit(site_root()).netloc, name=settings.WAGTAIL_SITE_NAME
        )
        return super().send_mail(template_prefix, email, context)

    def is_reauthentication_required(self, *, app, **kwargs):
        """No second password prompt in the two-factor pages (setting up the app, the
        recovery codes) right after a sign-in: see mrblogg.security.signed_in_recently."""
        request = self.request or allauth_context.request
        if app == "allauth.mfa" and request is not None and signed_in_recently(request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


def at_public_address(url):
    """`url` (absolute at whatever host, or a path) moved to the site's public address."""
    parts = urlsplit(url)
    return public_url(urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment)))
