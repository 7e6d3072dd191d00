"""Admin views for reported comments: the list of them, and the two POST answers (keep,
unpublish). Registered by moderation/report_hooks.py under /admin/ (which asks for admin
access); each view asks for the moderation permission, comments.change_comment, as the queue
does, and raises PermissionDenied without it (Wagtail's handling: the dashboard, a message)."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from comments.models import Comment

from . import reports
from .forms import RejectForm

PERMISSION = "comments.change_comment"


def moderators_only(view):
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


def _back(request):
    """To `next` if it is a page of this site (the row's tab), else to the reported list."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(reverse("moderation_reports"))


def _comment(pk):
    # Any comment: one no longer published is refused by reports.keep/unpublish with a message.
    return get_object_or_404(Comment, pk=pk)


def _up_to(request):
    try:
        return int(request.POST.get("up_to", ""))
    except ValueError:
        return None


@moderators_only
def reported_list(request):
    """Every reported comment with its reports and the two answers (until the queue's
    "Anmälda" tab shows the same rows)."""
    page = Paginator(reports.reported_queryset(), 25).get_page(request.GET.get("p"))
    return TemplateResponse(request, "moderation/report_list.html", {
        "page": page, "comments": page.object_list, "next_url": request.get_full_path(),
    })


@moderators_only
@require_POST
def keep(request, pk):
    comment = _comment(pk)
    try:
        dismissed = reports.keep(comment, request.user, up_to=_up_to(request))
    except reports.ReportError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, ngettext(
            "The comment stays published; %(n)s report was dismissed.",
            "The comment stays published; %(n)s reports were dismissed.", dismissed,
        ) % {"n": dismissed})
    return _back(request)


@moderators_only
@require_POST
def unpublish(request, pk):
    comment = _comment(pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose at least one rule."))
        return _back(request)
    try:
        reports.unpublish(comment, request.user, form.cleaned_data["rules"],
                          form.cleaned_data["note"])
    except reports.ReportError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The comment was unpublished; the author is told why."))
    return _back(request)
