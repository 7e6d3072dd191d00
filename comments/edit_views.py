"""The author's pages for one own comment: edit it while it waits, delete it at any time
(comments/editing.py). Both are POST + CSRF after a page that works without JavaScript;
another reader's comment, a deleted one and a forged id are all "not found"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .editing import NOT_EDITABLE, delete_comment, edit_waiting_comment, editable
from .forms import LARGEST_ID, CommentForm
from .models import Comment, CommentSettings
from .services import CommentRefused
from .threads import address_of

BACK_TO_MINE = "mina"  # `tillbaka`: back to "Mina kommentarer" instead of the post


class EditCommentForm(CommentForm):
    """The comment form's text and its rules, without the CAPTCHA (comments/editing.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["captcha"]
        del self.fields["parent"]


def own_comment(request, pk, *related):
    """The reader's own comment `pk`, not deleted; 404 for anyone else's or a forged id."""
    if pk > LARGEST_ID:  # beyond any id column: a forged address, not a database error
        raise Http404
    return get_object_or_404(editable(Comment.objects, request.user).select_related(*related), pk=pk)


def _back_url(request, comment, settings):
    if request.POST.get("tillbaka", request.GET.get("tillbaka")) == BACK_TO_MINE:
        return reverse("comments:mine")
    return comment.post.url + address_of(comment, settings)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def edit_comment(request, pk):
    comment = own_comment(request, pk, "post", "parent")
    settings = CommentSettings.load(request_or_site=request)
    back_url = _back_url(request, comment, settings)
    context = {"comment": comment, "back_url": back_url, "max_length": settings.max_length,
               "back_to": request.POST.get("tillbaka", request.GET.get("tillbaka", ""))}
    if comment.status != Comment.Status.PENDING:
        return render(request, "comments/edit_comment.html",
                      {**context, "refusal": NOT_EDITABLE}, status=409)
    posted = request.method == "POST"
    form = EditCommentForm(request.POST if posted else None, max_length=settings.max_length,
                           initial={"text": comment.text})
    status = 200
    if posted:
        status = 400
        if form.is_valid():
            try:
                edited = edit_waiting_comment(pk=comment.pk, author=request.user,
                                              text=form.cleaned_data["text"])
            except CommentRefused as refusal:
                form.add_error(None, refusal.message)
                status = 409
            else:
                messages.success(request, SAVED[edited.status == Comment.Status.PUBLISHED])
                return redirect(_back_url(request, edited, settings))
    return render(request, "comments/edit_comment.html", {**context, "form": form},
                  status=status)


SAVED = {
    False: gettext_lazy("Your comment was changed. It waits for review before it is published."),
    True: gettext_lazy("Your comment was changed and published."),
}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_own(request, pk):
    comment = own_comment(request, pk, "post")
    if request.method == "POST":
        post_url = comment.post.url
        delete_comment(comment=comment, user=request.user)
        messages.success(request, _("Your comment has been deleted."))
        if request.POST.get("tillbaka") == BACK_TO_MINE:
            return redirect("comments:mine")
        return redirect(f"{post_url}#kommentarer")
    return render(request, "comments/delete_comment.html", {
        "comment": comment, "back_url": f"{comment.post.url}#kommentar-{comment.pk}",
        "back_to": request.GET.get("tillbaka", ""),
    })
