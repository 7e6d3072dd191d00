"""The screening pipeline: every check runs on each new comment; findings explain the queue.

Connected to `comments.signals.comment_submitted`, inside the transaction that stores the
comment. Checks never publish or reject by themselves: the decision is PENDING, SPAM when
the repeat-poster heuristic is sure, or PUBLISHED only in the opt-in trusted mode.
"""

from dataclasses import dataclass

from django.dispatch import receiver

from comments.models import Comment
from comments.signals import comment_submitted

from .models import Finding, ModerationSettings, Screening
from .rules import get_rule


@dataclass
class Result:
    """What one check reports."""

    rule: str
    score: float
    evidence: str = ""
    reason: str = ""  # defaults to the rule's finding text
    certain_spam: bool = False


def checks():
    """The checks, in the order they run. Each takes (comment, context) and returns Results."""
    from .checks import addressed, spam, tone, topic

    return [tone.check, topic.check, addressed.check, spam.check]


def decide(comment, results, settings):
    if any(r.certain_spam for r in results):
        return Comment.Status.SPAM
    if settings.trusted_mode and not results and has_approved_comment(comment):
        return Comment.Status.PUBLISHED
    return Comment.Status.PENDING


def has_approved_comment(comment):
    return (
        Comment.objects.filter(author_id=comment.author_id, status=Comment.Status.PUBLISHED)
        .exclude(pk=comment.pk).exists()
    )


def screen(comment, settings=None):
    """Run every check on `comment`, store the findings and the risk, set the decision."""
    settings = settings or ModerationSettings.load()
    results = []
    for check in checks():
        results.extend(check(comment, settings))
    Finding.objects.filter(comment=comment).delete()
    Finding.objects.bulk_create(
        Finding(
            comment=comment, rule=r.rule, score=round(r.score, 3), evidence=r.evidence[:500],
            reason=str(r.reason or get_rule(r.rule).finding),
        )
        for r in results
    )
    Screening.objects.update_or_create(
        comment=comment, defaults={"risk": round(sum(r.score for r in results), 3)}
    )
    status = decide(comment, results, settings)
    if status != comment.status:
        comment.status = status
        comment.save(update_fields=["status"])
    return results


@receiver(comment_submitted, dispatch_uid="moderation.screen_new_comment")
def screen_new_comment(sender, comment, **kwargs):
    screen(comment)
