"""Told when answered: the reader's list of what they follow, and the one-click unsubscribe.

`/kommentarer/folj/` (login): what the reader follows, each with "Sluta följa" (POST + CSRF,
their own follows only). `/kommentarer/folj/avsluta/<token>/`: the link in every notice and
its List-Unsubscribe header. The token authorises, so neither a login nor a CSRF token is
needed for its POST (RFC 8058: a mail client POSTs `List-Unsubscribe=One-Click` without
cookies); a GET only shows a page with a button, because mail scanners follow links.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from .following import follows_of, stop_following
from .models import Follow

TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


@never_cache
@login_required
def following(request):
    return render(request, "comments/following/list.html", {"follows": follows_of(request.user)})


@never_cache
@login_required
@require_POST
def stop(request, pk):
    """Stop one of the reader's own follows; anyone else's id is a 404, nothing changed."""
    if not stop_following(reader=request.user, pk=pk):
        raise Http404
    messages.success(request, _("You no longer follow the comment. No more e-mails about it."))
    return redirect(reverse("comments:following"))


def _unknown_link(request):
    return render(request, "message.html", {
        "title": _("The link does not work"),
        "text": _(
            "We found nothing to stop with this link. Perhaps you have already stopped "
            "following the comment, or the comment or your account has been deleted."
        ),
    }, status=404)


@never_cache
@csrf_exempt  # RFC 8058: the unguessable token in the address authorises this POST alone.
@require_http_methods(["GET", "POST"])
def unfollow_link(request, token):
    known = TOKEN.fullmatch(token) and Follow.objects.filter(token=token).exists()
    if not known:
        return _unknown_link(request)
    if request.method == "POST":
        stop_following(token=token)
        return render(request, "message.html", {
            "title": _("You no longer follow the comment"),
            "text": _("We send you no more e-mails about answers to it."),
        })
    follow = Follow.objects.select_related("comment__post").get(token=token)
    return render(request, "comments/following/unsubscribe.html", {"follow": follow})
