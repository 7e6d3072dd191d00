"""The five published comment rules, defined once.

Everything that shows a rule reads it from here: the public page "Regler för
kommentarer", the rules beside the comment form, the reasons the screening reports,
the rules an officer cites when rejecting, and the e-mail the author gets.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Rule:
    key: str
    public_text: str  # the published wording
    finding: str  # what an automatic check reports when it suspects a breach
    rejection: str  # what the author is told when a comment is rejected for it

    def __str__(self):
        return str(self.public_text)


RULES_INTRO = _(
    "Comments with offensive content, or content that has nothing at all to do with the "
    "topic, will be sorted out."
)
RULES_HEADING = _("Here are our rules:")

# Rule(key, published wording, what a check reports, what the rejected author is told)
RULES = (
    Rule("good_tone", _("Comments shall keep a good tone."),
         _("Rude or insulting words."), _("Your comment did not keep a good tone.")),
    Rule("no_hate_or_threats", _("Comments must not contain hate or threats"),
         _("Words or phrases of hate or threat."), _("Your comment contained hate or threats.")),
    Rule("on_topic", _("Comments shall be connected to the post"),
         _("Has little in common with the post."), _("Your comment was not about the post.")),
    Rule(
        "not_addressed_elsewhere",
        _("Comments addressed to other organisations or services will not be published."),
        _("Seems addressed to another organisation or about a personal case."),
        _("Your comment was addressed to another organisation or service; "
          "contact them directly."),
    ),
    Rule(
        "no_spam",
        _("Comments must not be spam. Spam is when posts of the same kind recur with high "
          "frequency from one or a few users."),
        _("The same kind of comment recurs often from one or a few accounts."),
        _("Your comment was judged to be spam."),
    ),
)

RULE_KEYS = tuple(rule.key for rule in RULES)


def get_rule(key):
    for rule in RULES:
        if rule.key == key:
            return rule
    raise KeyError(key)


def rule_choices():
    """(key, public wording) pairs, read at call time so a changed wording shows everywhere."""
    return [(rule.key, str(rule.public_text)) for rule in RULES]
