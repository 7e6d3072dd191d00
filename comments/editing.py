"""The author's own comment after it is sent: edited while it waits, deleted at any time.

Edits (README, "Edits and deletions"): only the author, only while the comment waits for
review (PENDING), never on a post an editor closed or that is too old (a full post still
takes edits: the comment already counts toward its limit). No CAPTCHA: the author is logged
in with a verified address, passed the CAPTCHA when writing the comment, and an edit adds no
comment to the queue; the per-reader limit (the comment settings' numbers, counted apart
from new comments through mrblogg.ratelimit) bounds how often. The earlier text is kept as a
CommentRevision and the new one is screened again through comments/signals.py. A published
comment is never edited: what the officer approved is what stays public.

Deletions: a comment nobody answered is deleted with everything kept about it. A top comment
with replies keeps its row, without its text, so the replies keep their place; the page says
"Kommentaren är borttagen av skribenten" while it has published replies, otherwise shows
nothing of it. Its status is left as the officers decided, so the moderation record and the
statistics read the same.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mrblogg import ratelimit

from .closure import closure_of
from .models import Comment, CommentRevision, CommentSettings, Report
from .services import TOO_LONG_OR_EMPTY, CommentRefused, _check_author
from .signals import UnderReview, comment_withdrawn, store_edited_comment
from .text import length, normalise

NOT_EDITABLE = _(
    "Only your own comments that wait for review can be edited. A published comment stays "
    "as it was approved; you can delete it."
)
CLOSED_FOR_EDITS = _("The post is closed for comments, so the comment can no longer be edited.")
EDITS_LIMITED = _("You have edited comments many times in a short time. Wait a while and try again.")
BEING_REVIEWED = _(
    "An information officer is reviewing your comment right now. Try again in a few minutes."
)
DELETED_BY_AUTHOR = _("The comment was deleted by its author.")


def edit_limit(settings):
    return ratelimit.Limit(
        "comment-edit:reader", settings.rate_limit_count, settings.rate_limit_minutes * 60,
    )


def editable(queryset, user):
    """The user's own comments that are not deleted (what the edit and delete pages open)."""
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(author=user, deleted_at__isnull=True)


def edit_waiting_comment(*, pk, author, text):
    """Replace the text of the author's waiting comment `pk` with `text`, keep the old text,
    screen it again. Raises CommentRefused (nothing stored). Returns the comment."""
    settings = CommentSettings.load()
    text = normalise(text)
    if not text or length(text) > settings.max_length:
        raise CommentRefused(TOO_LONG_OR_EMPTY)
    _check_author(author)
    if not ratelimit.attempt(edit_limit(settings), str(author.pk)):
        raise CommentRefused(EDITS_LIMITED)
    with transaction.atomic():
        comment = (
            editable(Comment.objects, author).select_for_update(of=("self",))
            .select_related("post").filter(pk=pk).first()
        )
        if comment is None or comment.status != Comment.Status.PENDING:
            raise CommentRefused(NOT_EDITABLE)
        # The comment already counts toward a full post: only closing and age stop an edit.
        if not comment.post.live or closure_of(comment.post, settings, 0):
            raise CommentRefused(CLOSED_FOR_EDITS)
        if text == comment.text:
            return comment
        CommentRevision.objects.create(
            comment=comment, text=comment.text,
            written_at=comment.edited_at or comment.created_at,
        )
        comment.text, comment.edited_at = text, timezone.now()
        try:
            return store_edited_comment(comment)
        except UnderReview:
            raise CommentRefused(BEING_REVIEWED) from None


def delete_comment(*, comment, user):
    """Delete the author's own comment, or keep its row without the text when it has
    replies (see the module's docstring)."""
    if comment.author_id != user.pk:
        raise PermissionDenied
    with transaction.atomic():
        locked = Comment.objects.select_for_update().filter(pk=comment.pk).first()
        if locked is None:
            return
        if not Comment.objects.filter(parent_id=locked.pk).exists():
            locked.delete()
            return
        CommentRevision.objects.filter(comment=locked).delete()
        # Unhandled reports asked about a text that is gone: nothing is left to judge.
        Report.objects.filter(comment=locked, resolved_at__isnull=True).delete()
        locked.text, locked.deleted_at = "", timezone.now()
        locked.save(update_fields=["text", "deleted_at"])
        comment_withdrawn.send(sender=Comment, comment=locked)
