"""allauth's adapter for reader accounts (settings.ACCOUNT_ADAPTER)."""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied

from mrblogg.clientip import client_ip
from mrblogg.validators import validate_sendable_email


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
