"""What every check reads and reports: the screening context, built once per comment, and
the Result a check returns. Checks import this module and nothing else of the pipeline."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Subquery
from django.utils import timezone

from comments.models import Comment

from ..models import CommentFingerprint
from ..normalise import Normalised, screening_forms, word_tokens

# Rejected or marked as spam: what weighs on the author's standing (comments.models).
MARKED = (Comment.Status.REJECTED, Comment.Status.SPAM)

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
    """The author's comments in the long spam window, as the spam index remembers them."""

    since: datetime.datetime  # the spam window
    until: datetime.datetime
    # (comment id, exact, short_text, domains, signature, created_at), newest first, at most
    # AUTHOR_RECENT + 1 rows (the comment itself may be one of them when screened again).
    recent: tuple
    long_since: datetime.datetime = None  # the long window (slow drips); None: `since`

    @property
    def earliest(self):
        return self.long_since or self.since


@dataclass(frozen=True)
class Standing:
    """The author's account as screening weighs it (one query, see author_standing)."""

    age: datetime.timedelta | None  # at the comment's time; None: not known
    marks: int = 0  # earlier comments rejected or marked as spam within spam_standing_days
    approved: bool = False  # has an earlier comment that was published

    def young(self, settings):
        return self.age is not None and self.age < datetime.timedelta(
            days=settings.spam_young_account_days)


UNKNOWN_STANDING = Standing(age=None)


@dataclass(frozen=True)
class Context:
    """One comment as every check sees it; built once, so no check normalises again."""

    comment: object  # comments.models.Comment, stored or about to be
    settings: object  # moderation.models.ModerationSettings
    forms: Normalised  # the comment text normalised for comparison
    words: tuple  # word_tokens(text): the two readings the word lists match on
    post_paragraphs: tuple  # title, intro, body blocks, tags of the comment's post
    history: History
    standing: Standing = UNKNOWN_STANDING
    # The texts a reply answers (its top comment, and the reply it answers when set), so the
    # topic check and the model judge it against the conversation, not the post alone.
    answered: tuple = ()
    # What a check worked out and reads again when the comment is remembered (spam's index).
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def text(self):
        return self.comment.text

    @property
    def conversation(self):
        """The post's paragraphs and the answered texts, the post's tags kept last (the topic
        check reads the last paragraph as the tags)."""
        if not self.answered:
            return self.post_paragraphs
        return self.post_paragraphs[:-1] + self.answered + self.post_paragraphs[-1:]


def post_paragraphs(post):
    """The text of a post (title, intro, body blocks, tags) as the checks read it."""
    paragraphs = [post.title, post.intro]
    for block in post.body:
        paragraphs.extend(str(t) for t in block.block.get_searchable_content(block.value))
    paragraphs.append(" ".join(tag.name for tag in post.tags.all()))
    return tuple(p for p in paragraphs if p and p.strip())


def answered_texts(comment):
    """The texts `comment` answers: its parent's and its `answers`' (a deleted comment's
    text is erased and adds nothing). Comments already loaded (the reply service sets both)
    cost nothing; otherwise one query for both, so a reply always costs the same."""
    ids = [i for i in (getattr(comment, "parent_id", None), getattr(comment, "answers_id", None))
           if i is not None]
    if not ids:
        return ()
    fields = [f for f in ("parent", "answers") if getattr(comment, f"{f}_id", None) is not None]
    if all(comment._meta.get_field(f).is_cached(comment) for f in fields):
        answered = [getattr(comment, f) for f in fields]
        texts = [c.text for c in answered if c is not None and c.deleted_at is None]
    else:
        rows = dict(Comment.objects.filter(pk__in=ids, deleted_at__isnull=True)
                    .values_list("pk", "text"))
        texts = [rows.get(i, "") for i in ids]
    return tuple(dict.fromkeys(t for t in texts if t and t.strip()))


def screened_at(comment):
    # A comment not stored yet is screened as of now (its created_at is set on insert).
    return comment.created_at or timezone.now()


def author_history(comment, settings):
    until = screened_at(comment)
    since = until - datetime.timedelta(hours=settings.spam_window_hours)
    long_since = min(since, until - datetime.timedelta(days=settings.spam_long_window_days))
    rows = CommentFingerprint.objects.filter(
        author_id=comment.author_id, created_at__gte=long_since, created_at__lte=until,
    ).order_by("-created_at").values_list(
        "comment_id", "exact", "short_text", "domains", "signature", "created_at"
    )[:AUTHOR_RECENT + 1]
    return History(since=since, until=until, recent=tuple(rows), long_since=long_since)


def author_standing(comment, settings):
    """The account's age and its recent rejections and spam marks, in one query of two
    scalar subqueries, each a range of the comments' author-status-time index."""
    if comment.author_id is None:
        return UNKNOWN_STANDING
    until = screened_at(comment)
    since = until - datetime.timedelta(days=settings.spam_standing_days)
    mine = Comment.objects.filter(author=OuterRef("pk"))
    if comment.pk:
        mine = mine.exclude(pk=comment.pk)
    marks = mine.filter(status__in=MARKED, created_at__gte=since, created_at__lte=until)
    row = get_user_model().objects.filter(pk=comment.author_id).annotate(
        marks=Subquery(marks.order_by().values("author").annotate(n=Count("pk")).values("n")),
        approved=Exists(mine.filter(status=Comment.Status.PUBLISHED)),
    ).values_list("date_joined", "marks", "approved").first()
    if row is None:
        return UNKNOWN_STANDING
    joined, marks, approved = row
    age = max(until - joined, datetime.timedelta(0)) if joined else None
    return Standing(age=age, marks=marks or 0, approved=approved)


def build_context(comment, settings, *, paragraphs=None, history=None, standing=None,
                  answered=None):
    """The context of `comment`; `paragraphs`, `history`, `standing` and `answered` default
    to what the database holds for its post, author and parent (tests of one check pass
    them instead)."""
    return Context(
        comment=comment, settings=settings, forms=screening_forms(comment.text),
        words=word_tokens(comment.text),
        post_paragraphs=post_paragraphs(comment.post) if paragraphs is None else tuple(paragraphs),
        history=author_history(comment, settings) if history is None else history,
        standing=author_standing(comment, settings) if standing is None else standing,
        answered=answered_texts(comment) if answered is None else tuple(answered),
    )
