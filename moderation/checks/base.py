"""What every check reads and reports: the screening context, built once per comment, and
the Result a check returns. Checks import this module and nothing else of the pipeline."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from ..models import CommentFingerprint
from ..normalise import Normalised, screening_forms, word_tokens

# The spam check compares short texts with this many of the author's latest comments.
AUTHOR_RECENT = 50


@dataclass
class Result:
    """What one check reports."""

    rule: str
    score: float
    evidence: str = ""
    reason: str = ""  # defaults to the rule's finding text
    certain_spam: bool = False


@dataclass(frozen=True)
class History:
    """The author's comments in the spam window, as the spam index remembers them."""

    since: datetime.datetime
    until: datetime.datetime
    # (comment id, exact, short_text, domains, signature), newest first, at most
    # AUTHOR_RECENT + 1 rows (the comment itself may be one of them when screened again).
    recent: tuple


@dataclass(frozen=True)
class Context:
    """One comment as every check sees it; built once, so no check normalises again."""

    comment: object  # comments.models.Comment, stored or about to be
    settings: object  # moderation.models.ModerationSettings
    forms: Normalised  # the comment text normalised for comparison
    words: tuple  # word_tokens(text): the two readings the word lists match on
    post_paragraphs: tuple  # title, intro, body blocks, tags of the comment's post
    history: History

    @property
    def text(self):
        return self.comment.text


def post_paragraphs(post):
    """The text of a post (title, intro, body blocks, tags) as the checks read it."""
    paragraphs = [post.title, post.intro]
    for block in post.body:
        paragraphs.extend(str(t) for t in block.block.get_searchable_content(block.value))
    paragraphs.append(" ".join(tag.name for tag in post.tags.all()))
    return tuple(p for p in paragraphs if p and p.strip())


def author_history(comment, settings):
    # A comment not stored yet is screened as of now (its created_at is set on insert).
    until = comment.created_at or timezone.now()
    since = until - datetime.timedelta(hours=settings.spam_window_hours)
    rows = CommentFingerprint.objects.filter(
        author_id=comment.author_id, created_at__gte=since, created_at__lte=until,
    ).order_by("-created_at").values_list(
        "comment_id", "exact", "short_text", "domains", "signature"
    )[:AUTHOR_RECENT + 1]
    return History(since=since, until=until, recent=tuple(rows))


def build_context(comment, settings, *, paragraphs=None, history=None):
    """The context of `comment`; `paragraphs` and `history` default to what the database
    holds for its post and author (tests of one check pass them instead)."""
    return Context(
        comment=comment, settings=settings, forms=screening_forms(comment.text),
        words=word_tokens(comment.text),
        post_paragraphs=post_paragraphs(comment.post) if paragraphs is None else tuple(paragraphs),
        history=author_history(comment, settings) if history is None else history,
    )
