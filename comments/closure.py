"""When a post takes no new comments: closed by an editor, too old, or full; and closing or
reopening a post's discussion, from the page editor or from the moderation queue."""

import datetime
from enum import Enum

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from mrblogg import fragments
from mrblogg.cache import clear_page_cache

from .listing import post_generation
from .models import Discussion

CLOSE = "comments.close"
REOPEN = "comments.reopen"


class Closure(Enum):
    BY_EDITOR = "by_editor"
    TOO_OLD = "too_old"
    FULL = "full"


CLOSED_MESSAGE = _("Closed for further comments")


def closure_of(post, comment_settings, comment_count, today=None, closed_by_editor=None):
    """Why `post` is closed to new comments, or None when it is open.

    `comment_count` is the number of comments counting toward the limit; the caller
    counts them (inside its lock when it is about to store one). `closed_by_editor` is
    read from the post's Discussion unless the caller already knows it (the page reads it
    from the cached comment list, comments/listing.py).
    """
    if closed_by_editor is None:
        closed_by_editor = Discussion.closed_by_editor(post.pk)
    if closed_by_editor:
        return Closure.BY_EDITOR
    days = comment_settings.close_after_days
    if days:
        today = today or timezone.localdate()
        if post.date < today - datetime.timedelta(days=days):
            return Closure.TOO_OLD
    limit = comment_settings.max_comments_per_post
    if limit and comment_count >= limit:
        return Closure.FULL
    return None


def close(post, user):
    """Close `post` to new comments; its comments stay visible."""
    return _set_closed(post, True, user)


def reopen(post, user):
    return _set_closed(post, False, user)


def _set_closed(post, closed, user):
    with transaction.atomic():
        discussion, _ = Discussion.objects.select_for_update().get_or_create(post_id=post.pk)
        discussion.closed = closed
        discussion.closed_at = timezone.now() if closed else None
        discussion.closed_by = user if closed and user is not None and user.is_authenticated else None
        discussion.save()
        log(instance=post, action=CLOSE if closed else REOPEN, user=user)
        # The cached comment list carries the closure (comments/listing.py); anonymous
        # readers get whole pages from the page cache.
        fragments.bump(post_generation(post.pk))
        clear_page_cache()
    return discussion
