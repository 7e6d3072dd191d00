"""The comment rules shown under every post and on the rules page.

Moderation owns the rules (moderation/rules.py, one definition), so it hands them over
through `register_rules` from its AppConfig.ready, beside `comments.outcome`'s
`register_rejection_reasons`; `comments` never imports `moderation`.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PublishedRules:
    intro: str
    heading: str  # the line before the list ("Här är våra regler:")
    rules: tuple  # each with `key` (the anchor "regel-<key>") and `public_text`


_published_rules = None


def register_rules(function):
    """`function()` returns the PublishedRules, in the active language."""
    global _published_rules
    _published_rules = function


def published_rules():
    """The rules as published, or None when no app has registered them."""
    return _published_rules() if _published_rules else None
