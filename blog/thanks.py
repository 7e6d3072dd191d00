"""The thank-you page after a form is sent, behind a redirect (Post/Redirect/Get).

A stored contact message or registration answers with a redirect to the page's own address
and `?tack=<token>`; that GET shows the thank-you page. Reloading it only shows it again:
nothing is sent twice. The token is signed for that one page and expires, so a made-up or
copied `?tack=` shows the ordinary page. It carries only the page's id: the thank-you page
names the page (the event's title), never anything the sender typed, and so may be cached.
"""

import datetime

from django.core import signing
from django.http import HttpResponseRedirect

PARAMETER = "tack"
SALT = "blog.thanks"
MAX_AGE = datetime.timedelta(hours=1)


def thank_you_redirect(page, request):
    token = signing.dumps(page.pk, salt=SALT)
    return HttpResponseRedirect(f"{page.get_url(request)}?{PARAMETER}={token}")


def wants_thank_you(page, request):
    """Whether this GET is the redirect after a stored submission on `page`."""
    token = request.GET.get(PARAMETER)
    if not token or request.method not in ("GET", "HEAD"):
        return False
    try:
        return signing.loads(token, salt=SALT, max_age=MAX_AGE) == page.pk
    except signing.BadSignature:  # forged, expired, or another page's
        return False
