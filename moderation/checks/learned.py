"""Every rule, as the screening model learnt it from the corpus and the officers' decisions
(moderation/learning/). A finding when the model's probability reaches the rule's
threshold (chosen by cross-validation when it was trained); its score grows with the
probability, its evidence is the comment's words that weighed most, as the reader wrote
them. Whether a comment is certainly spam stays with the spam check: the model's
`no_spam` is one more signal, never a decision.
"""

import logging

from django.utils.translation import gettext_lazy as _

from ..learning import store
from .base import Result

logger = logging.getLogger(__name__)

SCORE = 2.0  # the score of a finding the model is sure of
# Rules the model decides alone once it runs: on the training corpus's held-out split the
# topic check beside it cost precision (0.83 -> 0.66) for little recall (0.95 -> 0.98).
MODEL_DECIDES = frozenset({"on_topic"})
RECOGNISED = _("The model recognises patterns from earlier decisions: %(words)s "
               "(%(percent)s %% likely).")
RECOGNISED_NO_WORDS = _("The model recognises patterns from earlier decisions "
                        "(%(percent)s %% likely).")


def check(context):
    model = store.active_model()
    if model is None:
        return []
    try:
        found = model.findings(context.text, context.conversation,
                               forms=context.forms, words=context.words)
    except Exception:  # a model that cannot read this comment: the other checks still do
        logger.exception("the screening model failed on a comment")
        return []
    context.memo["model"] = True
    return [finding(context.text, *item) for item in found]


class LearnedResult(Result):
    """A Result of the model (see `beside`)."""


def beside(results, context):
    """`results` with one finding per rule in the queue: the other check's where both found
    a rule (its words an officer can check against a list), except that a rule in
    MODEL_DECIDES is found only when the model (when it ran) finds it."""
    if context.memo.get("model"):
        learned = {r.rule for r in results if isinstance(r, LearnedResult)}
        results = [r for r in results if isinstance(r, LearnedResult)
                   or r.rule not in MODEL_DECIDES or r.rule in learned]
    found = {r.rule for r in results if not isinstance(r, LearnedResult)}
    return [r for r in results if not isinstance(r, LearnedResult) or r.rule not in found]


def finding(text, rule, probability, tokens):
    evidence = ", ".join(text[t.start:t.end] for t in tokens)
    reason = RECOGNISED if evidence else RECOGNISED_NO_WORDS
    return LearnedResult(
        rule=rule, score=round(SCORE * probability, 3), evidence=evidence,
        reason=reason % {"words": evidence, "percent": round(100 * probability)},
    )
