"""Admin views for one comment: see it with its findings and act on it.

The queue's viewset wraps every one of these in its permission check (403 without
comments.change_comment), so the views themselves do not repeat it.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comments import closure
from comments.models import Comment

from . import actions, decisions
from .forms import RejectForm, SuspendForm
from .queue import findings_html, highlighted_text, queue_queryset


def _comment(pk):
    return get_object_or_404(queue_queryset(), pk=pk)


def _back(viewset, comment):
    return redirect(reverse(viewset.get_url_name("edit"), args=[comment.pk]))


def moderate(request, pk, viewset):
    """The moderation page of one comment (the queue's "edit" view)."""
    comment = _comment(pk)
    reject_form = RejectForm(request.POST or None)
    suspend_form = SuspendForm()
    if request.method == "POST":
        if reject_form.is_valid():
            actions.reject(comment, request.user, reject_form.cleaned_data["rules"],
                           reject_form.cleaned_data["note"])
            messages.success(request, _("The comment was rejected."))
            return _back(viewset, comment)
    last = decisions.last_decision(comment)
    return TemplateResponse(request, "moderation/moderate.html", {
        "comment": comment,
        "text_html": highlighted_text(comment),
        "findings_html": findings_html(comment),
        "reject_form": reject_form,
        "suspend_form": suspend_form,
        "viewset": viewset,
        "can_undo": last is not None and last.action != decisions.UNDO,
        "index_url": reverse(viewset.get_url_name("list")),
        "urls": {
            name: reverse(viewset.get_url_name(name), args=[comment.pk])
            for name in ("edit", "history", "approve", "spam", "undo", "close", "suspend")
        },
    })


def _simple_action(action, message):
    @require_POST
    def view(request, pk, viewset):
        comment = get_object_or_404(Comment, pk=pk)
        try:
            action(comment, request.user)
        except actions.ModerationError:
            messages.error(request, _("There is no decision to undo."))
        else:
            messages.success(request, message())
        return _back(viewset, comment)

    return view


approve = _simple_action(actions.approve, lambda: _("The comment was approved and published."))
mark_spam = _simple_action(actions.mark_spam, lambda: _("The comment was marked as spam."))
undo = _simple_action(actions.undo, lambda: _("The decision was undone."))


@require_POST
def close_comments(request, pk, viewset):
    comment = get_object_or_404(Comment.objects.select_related("post"), pk=pk)
    closed = request.POST.get("closed") == "1"
    if closed:
        closure.close(comment.post.specific, request.user)
    else:
        closure.reopen(comment.post.specific, request.user)
    messages.success(request, _("Comments on the post were closed.") if closed
                     else _("Comments on the post were reopened."))
    return _back(viewset, comment)


@require_POST
def suspend(request, pk, viewset):
    comment = get_object_or_404(Comment.objects.select_related("author"), pk=pk)
    form = SuspendForm(request.POST)
    if form.is_valid():
        actions.suspend_author(comment.author, request.user, form.cleaned_data["reason"])
        messages.success(request, _("The author may no longer comment."))
    else:
        messages.error(request, _("Write why the author is suspended."))
    return _back(viewset, comment)
