"""What a reader may know about the decisions on their own comments ("Mina kommentarer").

A comment marked as spam reads "Inte publicerad": telling a spammer they were caught only
helps them try again. A rejected comment shows the rules the information officer cited,
in their public wording, and the officer's note: what the author was also told by e-mail.

Moderation owns the rules and the decisions, so it hands them over through
`register_rejection_reasons` (from its AppConfig.ready), the second seam beside
`comments.signals.comment_submitted`; `comments` never imports `moderation`.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import Comment

# The status as the author reads it: the same words as the queue, except for spam.
STATUS_FOR_AUTHOR = {
    Comment.Status.PENDING: _("Waiting for review"),
    Comment.Status.PUBLISHED: _("Published"),
    Comment.Status.REJECTED: _("Rejected"),
    Comment.Status.SPAM: _("Not published"),
}


@dataclass(frozen=True)
class CitedRule:
    wording: str  # the rule's public wording
    explanation: str  # what the author is told about breaking it


@dataclass(frozen=True)
class Rejection:
    rules: list[CitedRule] = field(default_factory=list)
    note: str = ""


_rejection_reasons = None


def register_rejection_reasons(function):
    """`function(comments)` returns {comment pk: Rejection} for those of `comments` that
    stand rejected. One call per page, so the function can fetch for all at once."""
    global _rejection_reasons
    _rejection_reasons = function


def with_outcomes(comments):
    """The author's own comments, each with `status_for_author` and, if it stands
    rejected, `rejection` (None otherwise)."""
    comments = list(comments)
    rejected = [c for c in comments if c.status == Comment.Status.REJECTED]
    reasons = _rejection_reasons(rejected) if rejected and _rejection_reasons else {}
    for comment in comments:
        comment.status_for_author = STATUS_FOR_AUTHOR[comment.status]
        comment.rejection = reasons.get(comment.pk)
    return comments
