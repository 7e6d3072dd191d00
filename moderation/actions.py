"""What an information officer does to a comment. Each function holds its transaction,
records a Wagtail log entry, and tells the author by e-mail after the commit."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from comments.models import Comment, ReaderProfile
from comments.services import submit_comment
from mrblogg.queueing import enqueue_after_commit

from .decisions import (
    APPROVE,
    DECISIONS,
    REJECT,
    SPAM,
    SUSPEND,
    TOLD_TO_AUTHOR,
    UNDO,
    last_decision,
)
from .rules import RULE_KEYS
from .tasks import tell_author


class ModerationError(Exception):
    pass


def _decide(comment, action, user, data=None):
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        previous = locked.status
        locked.status = DECISIONS[action]
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status", "status_changed_at"])
        log(instance=locked, action=action, user=user,
            data={"from": previous, "to": locked.status, **(data or {})})
        if locked.status != previous and action in TOLD_TO_AUTHOR:
            enqueue_after_commit(tell_author, locked.pk, action)
    comment.status = locked.status
    return locked


def approve(comment, user):
    return _decide(comment, APPROVE, user)


def approve_and_answer(comment, user, text):
    """"Godkänn och svara": approve the waiting `comment` (as `approve`: logged, its author
    told after the commit) and store `user`'s answer under it as the blog's, published at
    once (comments' own service, which checks the role, the length, closure and the rate
    limit). One transaction: when the answer is refused (comments.services.CommentRefused)
    the approval is rolled back with it, so neither is stored. Returns the answer."""
    with transaction.atomic():
        approved = approve(comment, user)
        return submit_comment(post=approved.post, author=user, text=text,
                              parent_id=approved.pk, as_blog=True)


def reject(comment, user, rules, note=""):
    rules = [r for r in rules if r in RULE_KEYS]
    if not rules:
        raise ModerationError("A rejection cites at least one published rule.")
    return _decide(comment, REJECT, user, {"rules": rules, "note": note})


def mark_spam(comment, user):
    return _decide(comment, SPAM, user)


def undo(comment, user):
    """Put the comment back to where it was before the latest decision."""
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        entry = last_decision(locked)
        if entry is None or entry.action == UNDO:
            raise ModerationError("There is no decision to undo.")
        previous = entry.data.get("from", Comment.Status.PENDING)
        undone = locked.status
        locked.status = previous
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status", "status_changed_at"])
        log(instance=locked, action=UNDO, user=user, data={"from": undone, "to": previous})
    comment.status = locked.status
    return locked


def suspend_author(author, user, reason):
    with transaction.atomic():
        profile, _ = ReaderProfile.objects.get_or_create(
            user=author, defaults={"display_name": author.get_full_name() or author.username[:60]}
        )
        profile.commenting_suspended = True
        profile.suspension_reason = reason
        profile.save(update_fields=["commenting_suspended", "suspension_reason"])
        log(instance=profile, action=SUSPEND, user=user, data={"reason": reason})
    return profile
