"""The screening pipeline: every check runs on each new comment; findings explain the queue.

A new comment is screened before it is stored (comments' screening seam, registered in
apps.py): the checks read one context built for it, the decision sets its status, and
what screening found (findings, risk, the spam index) is written once the row exists, in
the same transaction. Checks never publish or reject by themselves: the decision is
PENDING, SPAM when the spam check is sure, or PUBLISHED only in the opt-in trusted mode
(never for an author with recent rejections or spam marks).
"""

from comments.models import Comment

from .checks import addressed, learned, spam, tone, topic
from .checks.base import author_standing, build_context
from .models import Finding, ModerationSettings, Screening
from .rules import get_rule

# The checks, in the order they run (the order of the findings).
CHECKS = (
    tone.check,
    topic.check,
    addressed.check,
    spam.check,
    learned.check,
)


def decide(comment, results, settings, standing=None):
    """SPAM when a check is sure; PUBLISHED only in trusted mode, for an author with a
    published comment and no rejection or spam mark within spam_standing_days, when no
    check found anything; otherwise PENDING (an officer decides)."""
    if any(r.certain_spam for r in results):
        return Comment.Status.SPAM
    if settings.trusted_mode and not results:
        standing = standing or author_standing(comment, settings)
        if standing.approved and not standing.marks:
            return Comment.Status.PUBLISHED
    return Comment.Status.PENDING


class Verdict:
    """What screening found on one comment, and how it is written once the comment is."""

    def __init__(self, comment, settings, checks=CHECKS):
        self.context = build_context(comment, settings)
        self.results = learned.beside([r for check in checks for r in check(self.context)],
                                      self.context)
        self.status = decide(comment, self.results, settings, self.context.standing)

    def record(self):
        """Store the findings, the risk and the spam index for the (stored) comment."""
        comment = self.context.comment
        Finding.objects.filter(comment=comment).delete()
        Finding.objects.bulk_create(
            Finding(
                comment=comment, rule=r.rule, score=round(r.score, 3), evidence=r.evidence[:500],
                reason=str(r.reason or get_rule(r.rule).finding),
            )
            for r in self.results
        )
        Screening.objects.update_or_create(
            comment=comment, defaults={"risk": round(sum(r.score for r in self.results), 3)}
        )
        spam.remember(self.context)


def screen_new_comment(comment):
    """The screener comments call before storing a new comment (comments/signals.py): set
    its status; the returned callable records the rest once the row exists."""
    verdict = Verdict(comment, ModerationSettings.load())
    comment.status = verdict.status
    return verdict.record


def screen(comment, settings=None, checks=CHECKS):
    """Screen a stored comment again (replay, tests): store the findings and the risk, set
    the decision. Returns the Results. `checks`: a part of CHECKS (the bench's replays)."""
    verdict = Verdict(comment, settings or ModerationSettings.load(), checks)
    verdict.record()
    if verdict.status != comment.status:
        comment.status = verdict.status
        comment.save(update_fields=["status"])
    return verdict.results
