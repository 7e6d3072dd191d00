"""Admin views for the queue's comments: one comment's page, and the decisions, which come
from that page or from a row of the queue.

The queue's viewset wraps every one of these in its permission check (403 without
comments.change_comment), so the views themselves do not repeat it.

The decisions' contract (approve, reject, spam, undo; the JavaScript layer builds on it):

- Each is one POST (CSRF) to ``<queue>/<decision>/<pk>/`` with ``status``, the comment's
  status the form was drawn with (a different one now: refused, someone decided since), and
  ``next``, the queue page to come back to (only a URL of the queue itself is followed).
  ``reject`` also takes ``rules`` (one or more rule keys) and ``note`` (optional).
- Without JavaScript: a redirect to ``next`` (or the comment's page) with a Wagtail message;
  the decided comment is shown at the top of the queue with its undo form.
- With ``Accept: application/json`` or ``X-Requested-With: fetch``: JSON, either
  ``{"ok": true, "message": "...", "row_html": "<the row re-rendered, with its undo form>",
  "counts": {"vantar": n, "anmalda": n, "publicerade": n, "avvisade": n, "spam": n}}``,
  or ``{"ok": false, "message": "..."}`` with status 409 (already decided, claimed by
  another officer, nothing to undo) or 400 (a bad form: no rule, a forged status).
- A refused decision changes nothing (moderation/claims.py).
"""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.utils import get_user_display_name

from comments import closure
from comments.models import Comment
from comments.services import CommentRefused

from . import actions, claims, decisions, queue
from .forms import AnswerForm, RejectForm, SuspendForm

JUST_DECIDED = "moderation_just_decided"  # session key: the row shown atop the queue


class BadForm(Exception):
    pass


def _back(viewset, comment):
    return redirect(reverse(viewset.get_url_name("edit"), args=[comment.pk]))


def url_for(url_name):
    """`url_name(name)` gives the queue's full URL name (viewset.get_url_name)."""
    return lambda name, pk: reverse(url_name(name), args=[pk])


def moderate(request, pk, viewset):
    """The moderation page of one comment (the queue's "edit" view). Opening it claims it."""
    if request.method == "POST":
        return reject(request, pk, viewset=viewset)
    comment = get_object_or_404(queue.queue_queryset(), pk=pk)
    queue.add_history([comment])
    holder = claims.take(comment.pk, request.user)
    last = decisions.last_decision(comment)
    reject_form = RejectForm(initial={"rules": [f.rule for f in comment.findings.all()]})
    return TemplateResponse(request, "moderation/moderate.html", {
        "comment": comment,
        "text_html": queue.highlighted_text(comment),
        "findings_html": queue.findings_html(comment),
        "reject_form": reject_form,
        "suspend_form": SuspendForm(),
        "answer_form": AnswerForm(),
        "answered": comment.answers if comment.answers_id else comment.parent,
        "viewset": viewset,
        "holder_name": get_user_display_name(holder) if holder else "",
        "can_undo": last is not None and last.action != decisions.UNDO,
        "index_url": reverse(viewset.get_url_name("list")),
        "urls": {
            name: reverse(viewset.get_url_name(name), args=[comment.pk])
            for name in ("edit", "history", "approve", "approve_answer", "reject", "spam", "undo",
                         "close", "suspend")
        },
    })


def wants_json(request):
    return ("application/json" in request.headers.get("Accept", "")
            or request.headers.get("X-Requested-With") == "fetch")


def _next_url(request, viewset):
    """`next` when it is a page of the queue on this site, else None."""
    target = request.POST.get("next", "")
    index = reverse(viewset.get_url_name("list"))
    if target.startswith(index) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure(),
    ):
        return target
    return None


def row_html(request, pk, viewset, next_url):
    comment = queue.queue_queryset().get(pk=pk)
    queue.decorate([comment], request.user, url_for(viewset.get_url_name))
    return render_to_string("moderation/queue_row.html",
                            {"comment": comment, "next_url": next_url or ""}, request=request)


def _answer(request, pk, viewset, message, status=200):
    next_url = _next_url(request, viewset)
    if wants_json(request):
        if status != 200:
            return JsonResponse({"ok": False, "message": message}, status=status)
        return JsonResponse({
            "ok": True, "message": message, "row_html": row_html(request, pk, viewset, next_url),
            "counts": queue.tab_counts(),
        })
    if status == 200:
        messages.success(request, message)
        request.session[JUST_DECIDED] = pk
    else:
        messages.error(request, message)
    if next_url:
        return redirect(next_url)
    return redirect(reverse(viewset.get_url_name("edit"), args=[pk]))


def _decision(act, done):
    """A decision view: `act(request, comment)` decides on the locked comment."""

    @require_POST
    def view(request, pk, viewset):
        get_object_or_404(Comment, pk=pk)
        rendered = request.POST.get("status") or None
        try:
            if rendered is not None and rendered not in Comment.Status.values:
                raise BadForm(_("The form was out of date. Reload the page and try again."))
            with claims.deciding(pk, request.user, rendered) as comment:
                act(request, comment)
        except BadForm as bad:
            return _answer(request, pk, viewset, str(bad), status=400)
        except claims.Refused as refused:
            return _answer(request, pk, viewset, refused.message, status=409)
        except actions.ModerationError:
            return _answer(request, pk, viewset, _("There is no decision to undo."), status=409)
        return _answer(request, pk, viewset, done())

    return view


def _reject(request, comment):
    form = RejectForm(request.POST)
    if not form.is_valid():
        raise BadForm(" ".join(str(e) for errors in form.errors.values() for e in errors))
    actions.reject(comment, request.user, form.cleaned_data["rules"], form.cleaned_data["note"])


def _approve_and_answer(request, comment):
    """Only a waiting comment; the answer's form checked before anything is written."""
    if comment.status != Comment.Status.PENDING:
        raise claims.Refused(claims.stale_message(comment))
    form = AnswerForm(request.POST)
    if not form.is_valid():
        raise BadForm(" ".join(str(e) for errors in form.errors.values() for e in errors))
    try:
        actions.approve_and_answer(comment, request.user, form.cleaned_data["text"])
    except CommentRefused as refusal:
        raise BadForm(str(refusal.message)) from None


approve = _decision(lambda request, comment: actions.approve(comment, request.user),
                    lambda: _("The comment was approved and published."))
approve_answer = _decision(
    _approve_and_answer, lambda: _("The comment was approved and your answer published."))
reject = _decision(_reject, lambda: _("The comment was rejected."))
mark_spam = _decision(lambda request, comment: actions.mark_spam(comment, request.user),
                      lambda: _("The comment was marked as spam."))
undo = _decision(lambda request, comment: actions.undo(comment, request.user),
                 lambda: _("The decision was undone."))


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
