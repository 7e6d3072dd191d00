import copy
import json
import logging

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import PageViewRestriction

from blog.models import BlogPost
from mrblogg import ratelimit
from mrblogg.unavailable import retry_later

from .forms import CommentForm, DeleteAccountForm
from .models import Comment, CommentSettings
from .outcome import with_outcomes
from .replies import ReplyRefused, answer_role_for
from .reports import THANK_YOU, ReportForm, ReportRefused, refusal_before_form, report_comment
from .services import (
    CommentRefused,
    erase_account,
    reader_data,
    submit_comment,
)
from .threads import address_of

logger = logging.getLogger(__name__)


@require_POST
@login_required
def post_comment(request, post_id):
    post = get_object_or_404(BlogPost.objects.live(), pk=post_id).specific
    settings = CommentSettings.load(request_or_site=request)
    as_blog = request.POST.get("as_blog") == "1"
    if request.POST.get("captcha_refresh"):
        # A new CAPTCHA without losing the text (works without JavaScript).
        form = CommentForm(initial={"text": request.POST.get("text", ""),
                                    "parent": request.POST.get("parent"),
                                    "follow": request.POST.get("follow") == "on"},
                           max_length=settings.max_length)
        return _show_post_with_form(request, post, form)
    try:
        if as_blog:  # checked before the form: a reader's forged field gets no CAPTCHA-free form
            answer_role_for(request.user, post)
    except ReplyRefused as refusal:
        form = CommentForm(request.POST, max_length=settings.max_length)
        form.is_valid()
        form.add_error(None, refusal.message)
        return _show_post_with_form(request, post, form, status=403)
    form = CommentForm(request.POST, max_length=settings.max_length, blog_answer=as_blog)
    status = 200
    if form.is_valid():
        try:
            comment = submit_comment(
                post=post, author=request.user, text=form.cleaned_data["text"],
                parent_id=form.cleaned_data["parent"], as_blog=as_blog,
                follow=form.cleaned_data["follow"],
            )
        except CommentRefused as refusal:
            form.add_error(None, refusal.message)
        except DatabaseError:
            # submit_comment's transaction rolled back the comment and its screening: say so
            # and give the reader their text back.
            logger.exception("A comment on post %s could not be stored", post.pk)
            form.add_error(None, UNSAVED)
            status = 503
        else:
            messages.success(request, THANKS[comment.status == Comment.Status.PUBLISHED])
            return redirect(post.url + address_of(comment, settings))
    return _show_post_with_form(request, post, form, status=status)


UNSAVED = gettext_lazy(
    "Your comment could not be saved just now. Nothing was stored; try again in a moment."
)
THANKS = {
    False: gettext_lazy("Thank you! Your comment waits for review before it is published."),
    True: gettext_lazy("Your answer is published as an answer from MR-bloggen."),
}


@require_GET
def permalink(request, pk):
    """A comment's own address: to its post's page, at the page of comments it is on."""
    comment = get_object_or_404(
        Comment.objects.published().filter(post__live=True, deleted_at__isnull=True)
        .select_related("post", "parent"), pk=pk,
    )
    post = comment.post
    hidden = comment.parent is not None and comment.parent.status != Comment.Status.PUBLISHED
    if hidden or PageViewRestriction.objects.filter(
        page__in=post.get_ancestors(inclusive=True)
    ).exists():
        raise Http404
    return redirect(post.url + address_of(comment, CommentSettings.load(request_or_site=request)))


def _show_post_with_form(request, post, form, status=200):
    """The post page itself, with the reader's form (and its errors) in place.

    The page is served as for a GET: a post may handle POSTs of its own (an event post's
    registration form), and this POST is a comment, not a registration.
    """
    page_request = copy.copy(request)
    page_request.method = "GET"
    page_request.POST = QueryDict()
    page_request.comment_form = form
    response = post.serve(page_request)
    response.status_code = status
    response["Cache-Control"] = "no-store"
    return retry_later(response) if status == 503 else response


@never_cache
@login_required
def my_comments(request):
    comments = with_outcomes(
        Comment.objects.filter(author=request.user, deleted_at__isnull=True)
        .select_related("post").order_by("-created_at")
    )
    return render(request, "comments/my_comments.html", {"comments": comments})


@never_cache
@login_required
def my_data(request):
    body = json.dumps(reader_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mina-uppgifter-mr-bloggen.json"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        erase_account(user)
        messages.success(request, _("Your account and your comments have been deleted."))
        return redirect("/")
    return render(request, "comments/delete_account.html", {"form": form})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk):
    """A reader reports a published comment: GET the form, POST it, then back to the
    comment with a thank-you (or the form again with what was wrong)."""
    comment = get_object_or_404(
        Comment.objects.published().filter(post__live=True, deleted_at__isnull=True)
        .select_related("post", "author__reader_profile"), pk=pk,
    )
    back_url = f"{comment.post.url}#kommentar-{comment.pk}"
    refusal = refusal_before_form(comment, request.user)
    posted = request.method == "POST"
    form = ReportForm(request.POST if posted and not refusal else None)
    status = refusal.status if refusal else 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                report_comment(
                    comment=comment, reporter=request.user, rule=form.cleaned_data["rule"],
                    text=form.cleaned_data["text"], client=ratelimit.client_value(request),
                )
            except ReportRefused as refused:
                form.add_error(None, refused.message)
                status = refused.status
            else:
                messages.success(request, THANK_YOU)
                return redirect(back_url)
    return render(request, "comments/report_comment.html", {
        "comment": comment, "form": form, "back_url": back_url,
        "refusal": refusal.message if refusal else None,
    }, status=status)
