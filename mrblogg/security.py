"""Response headers and the admin's two-factor rule.

Two Content-Security-Policies. Public pages get the strict one in
``CONTENT_SECURITY_POLICY``: no inline code, and no nonce either, because those pages are
cached and a nonce stored in a cached page would be served again (a nonce must be new on
every response). The Wagtail admin and Wagtail's previews get ``CONTENT_SECURITY_POLICY_ADMIN``:
Wagtail writes inline scripts and styles, and its preview panel frames the page. A preview
is rendered by a dummy request for the page's public path (``request.is_dummy``), so the path
alone cannot tell it apart from a public page.
"""

import time

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

# Where a member of staff was going when MFARequiredMiddleware sent them to set up the app;
# the recovery codes page leads back there (continue_after_mfa_setup).
MFA_NEXT_SESSION_KEY = "mrblogg_mfa_setup_next"


def is_admin_request(request):
    """A request for the Wagtail admin, or a preview rendered inside it."""
    if getattr(request, "is_dummy", False) or getattr(request, "is_preview", False):
        return True
    return request.path_info.startswith(settings.SECURITY_ADMIN_PATH_PREFIX)


class SecurityHeadersMiddleware(CSPMiddleware):
    """Content-Security-Policy (public or admin) and the headers Django does not set itself.

    Django's SecurityMiddleware already sends X-Content-Type-Options, Referrer-Policy and
    Cross-Origin-Opener-Policy (from SECURE_* settings); this adds Permissions-Policy and
    Cross-Origin-Resource-Policy.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_request(request):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        # Never a nonce: public pages are cached, and a nonce beside 'unsafe-inline' (admin)
        # would make browsers ignore 'unsafe-inline'.
        return PolicyParts(parts.config, parts.update, parts.replace, nonce=None)

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault(
                "Permissions-Policy",
                ", ".join(f"{feature}={allow}" for feature, allow in settings.PERMISSIONS_POLICY.items()),
            )
        if settings.CROSS_ORIGIN_RESOURCE_POLICY:
            response.headers.setdefault(
                "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
            )
        return response


def requires_mfa(user):
    """Whether this user must set up an authenticator app before using the admin: everyone
    who can reach it. Bloggers and superusers publish to every reader and subscriber,
    officers read personal data; a stolen password alone must give none of that."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")


def has_totp(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class MFARequiredMiddleware:
    """Sends staff (see requires_mfa) without an authenticator app from every admin URL
    to the page that sets one up, remembering the admin page they asked for. Logging in
    with the app is allauth's own stage; this only makes setting it up unavoidable for
    staff."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path_info.startswith(settings.SECURITY_ADMIN_PATH_PREFIX)
            and request.path_info != reverse("wagtailadmin_logout")
            and requires_mfa(request.user)
            and not has_totp(request.user)
        ):
            if request.method == "GET":
                request.session[MFA_NEXT_SESSION_KEY] = request.get_full_path()
            messages.warning(
                request,
                _("Your role requires two-factor authentication. Set up an authenticator "
                  "app to continue to the admin."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def signed_in_recently(request):
    """Whether this session's user signed in (any factor) less than allauth's
    ACCOUNT_REAUTHENTICATION_TIMEOUT ago.

    allauth counts only an explicit re-authentication as fresh, so a new officer sent from
    the login straight to setting up the app was asked for the password they had typed
    seconds before. A sign-in that recent proves what the re-authentication would (the
    password, and the app where there is one); the ReaderAccountAdapter lets it stand in
    for it in allauth's MFA views."""
    from allauth.account import app_settings as account_settings
    from allauth.account.internal.flows.login import get_authentication_records

    if not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    if not records:
        return False
    return time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT


@login_required
def continue_after_mfa_setup(request):
    """The way on from the recovery codes page after the first set-up: to the admin page
    the member of staff asked for before MFARequiredMiddleware stopped them (once), or the
    admin's home page."""
    default = reverse("wagtailadmin_home") if requires_mfa(request.user) else "/"
    url = request.session.pop(MFA_NEXT_SESSION_KEY, None) or default
    if not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        url = default
    return redirect(url)


def admin_login(request):
    """Wagtail sends whoever may not use the admin to /admin/login/. The login is allauth's;
    a person who is logged in already but has no admin access would be sent straight back
    by it (a redirect loop), so they are told instead, with a 403."""
    user = request.user
    if user.is_authenticated and not user.has_perm("wagtailadmin.access_admin"):
        return TemplateResponse(request, "no_admin_access.html", status=403)
    return redirect_to_login_page(request)


def redirect_to_login_page(request):
    query = request.META.get("QUERY_STRING", "")
    return HttpResponseRedirect(reverse("account_login") + (f"?{query}" if query else ""))
