"""What an information officer does to a comment. Each function holds its transaction,
records a Wagtail log entry, and tells the author by e-mail after the commit."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from comments.models import Comment, ReaderProfile
from comments.outcome import CitedRule, Rejection
from mrblogg.queueing import enqueue_after_commit

from .rules import RULE_KEYS, get_rule

APPROVE = "moderation.approve"
REJECT = "moderation.reject"
SPAM = "moderation.spam"
UNDO = "moderation.undo"
SUSPEND = "moderation.suspend"
DECISIONS = {APPROVE: Comment.Status.PUBLISHED, REJECT: Comment.Status.REJECTED,
             SPAM: Comment.Status.SPAM}


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
        if locked.status != previous and action in (APPROVE, REJECT):
            from .tasks import tell_author

            enqueue_after_commit(tell_author, locked.pk, action)
    comment.status = locked.status
    return locked


def approve(comment, user):
    return _decide(comment, APPROVE, user)


def reject(comment, user, rules, note=""):
    rules = [r for r in rules if r in RULE_KEYS]
    if not rules:
        raise ModerationError("A rejection cites at least one published rule.")
    return _decide(comment, REJECT, user, {"rules": rules, "note": note})


def mark_spam(comment, user):
    return _decide(comment, SPAM, user)


def last_decision(comment):
    return (
        ModelLogEntry.objects.for_instance(comment)
        .filter(action__in=list(DECISIONS) + [UNDO]).order_by("-timestamp", "-pk").first()
    )


def rejection_reasons(comments):
    """For the authors' own list (comments.outcome): the rules and the note of the
    rejection each comment stands under, in one query. An undo takes back the decision
    before it, so the standing one is found by replaying the log."""
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Comment),
        object_id__in=[str(c.pk) for c in comments],
        action__in=list(DECISIONS) + [UNDO],
    ).order_by("timestamp", "pk")
    standing = {}
    for entry in entries:
        decisions = standing.setdefault(entry.object_id, [])
        if entry.action == UNDO:
            if decisions:
                decisions.pop()
        else:
            decisions.append(entry)
    reasons = {}
    for comment in comments:
        decisions = standing.get(str(comment.pk))
        if not decisions or decisions[-1].action != REJECT:
            continue
        data = decisions[-1].data
        rules = [get_rule(key) for key in data.get("rules", []) if key in RULE_KEYS]
        reasons[comment.pk] = Rejection(
            rules=[CitedRule(str(rule.public_text), str(rule.rejection)) for rule in rules],
            note=data.get("note", ""),
        )
    return reasons


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
