"""The officers' decisions on comments, defined once: their names in the log, which status
each one gives a comment, which ones the author is told of, and a comment's standing one."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import ModelLogEntry

from comments.models import Comment
from comments.outcome import CitedRule, Rejection

from .rules import RULE_KEYS, get_rule

APPROVE = "moderation.approve"
REJECT = "moderation.reject"
SPAM = "moderation.spam"
UNDO = "moderation.undo"
SUSPEND = "moderation.suspend"

# The status each decision gives a comment; UNDO gives back the status before the latest.
DECISIONS = {APPROVE: Comment.Status.PUBLISHED, REJECT: Comment.Status.REJECTED,
             SPAM: Comment.Status.SPAM}
# The decisions the author is told of by e-mail (tasks.tell_author).
TOLD_TO_AUTHOR = (APPROVE, REJECT)


def last_decision(comment):
    """The comment's latest decision or undo in the log, or None."""
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
