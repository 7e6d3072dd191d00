"""When a post takes no new comments: closed by an editor, too old, or full."""

import datetime
from enum import Enum

from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Closure(Enum):
    BY_EDITOR = "by_editor"
    TOO_OLD = "too_old"
    FULL = "full"


CLOSED_MESSAGE = _("Closed for further comments")


def closure_of(post, comment_settings, comment_count, today=None):
    """Why `post` is closed to new comments, or None when it is open.

    `comment_count` is the number of comments counting toward the limit; the caller
    counts them (inside its lock when it is about to store one).
    """
    if post.comments_closed:
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
