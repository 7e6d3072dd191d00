"""Who is asking: the one place the client's IP address is read from a request.

Behind the production proxy every request arrives from the proxy, so `REMOTE_ADDR` is the
same for every visitor and a limit keyed on it locks everybody out at once. The proxy adds
the address it was reached from to the right of `X-Forwarded-For`; everything to the left
of what our own proxies wrote is whatever the client chose to send, so only the entry the
outermost trusted proxy added counts. `TRUSTED_PROXY_COUNT` says how many proxies of ours
stand in front of the application (0: none, `REMOTE_ADDR` is the client). Every limit uses
this: the site's own (mrblogg/ratelimit.py) and allauth's (comments/accounts.py).
"""

import ipaddress

from django.conf import settings


def _address(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""


def client_ip(request):
    """The client's address as text ("" when the request carries none that parses)."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if trusted <= 0:
        return remote
    forwarded = [a for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(forwarded) < trusted:
        # Not through all our proxies (a direct request, a health check): the peer is the client.
        return remote
    return _address(forwarded[-trusted]) or remote
