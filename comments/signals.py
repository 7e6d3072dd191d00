"""The one seam between commenting and moderation; `comments` never imports `moderation`.

A new comment is stored through `store_new_comment(comment)`, inside the caller's
transaction, in this declared order:

1. The screener (one function; moderation registers its screening with `register_screener`
   when the app is ready) reads the comment before it is stored and sets its `status`.
   The comment is then INSERTed once, with that status.
2. The callable the screener returned runs once the row exists, to store what screening
   found (findings, risk, its index), still in the same transaction.
3. `comment_submitted` is sent, for what follows a stored and screened comment (the
   officers' notice). Its receivers never change the comment.

Without a registered screener every new comment waits as PENDING.

A comment its author edits while it waits (comments/editing.py) goes through
`store_edited_comment`: the registered re-screener (moderation forgets what it indexed of the
old text first) or else the screener sets its status again, the row is UPDATEd, and the
screener's callable records what it found. The re-screener may refuse with `UnderReview`
while an information officer is reviewing the comment: the officer must decide on the text
they read. `comment_edited` follows; `comment_withdrawn` is sent when the author deletes a
comment whose row is kept for its replies, so moderation forgets what it held of the text.

An answer from the blog (a blogger or an officer, comments/replies.py) goes through
`store_blog_answer` instead: published at once, neither screened nor announced to the
officers, since nothing about it waits for them.
"""

from django.dispatch import Signal
from django.utils import timezone

comment_submitted = Signal()  # kwargs: comment
comment_edited = Signal()  # kwargs: comment
comment_withdrawn = Signal()  # kwargs: comment (its text already erased)

_screener = None
_rescreener = None


class UnderReview(Exception):
    """The re-screener refuses an edit: an information officer is reviewing the comment."""


def register_screener(screener):
    """`screener(comment)` sets the unsaved comment's status and returns a callable to run
    after the comment is stored. Registering again replaces it (one screener)."""
    global _screener
    _screener = screener


def store_new_comment(comment):
    """Screen the unsaved `comment`, INSERT it once, record what screening found, then send
    `comment_submitted`. Call inside a transaction (the caller holds its locks)."""
    record_screening = _screener(comment) if _screener is not None else None
    comment.save(force_insert=True)
    if record_screening is not None:
        record_screening()
    comment_submitted.send(sender=type(comment), comment=comment)
    return comment


def store_blog_answer(comment):
    """INSERT the blog's answer `comment` as published. Call inside a transaction."""
    comment.status = type(comment).Status.PUBLISHED
    comment.status_changed_at = timezone.now()
    comment.save(force_insert=True)
    return comment


def register_rescreener(rescreener):
    """`rescreener(comment)` screens a stored comment whose text changed, like the screener;
    it may raise UnderReview. Registering again replaces it."""
    global _rescreener
    _rescreener = rescreener


def store_edited_comment(comment):
    """Screen the edited, stored `comment` again (its new text and `edited_at` set, not yet
    saved), UPDATE it, record what screening found, send `comment_edited`. Call inside a
    transaction holding the comment's row lock. Raises UnderReview, nothing saved."""
    before = comment.status
    comment.status = type(comment).Status.PENDING
    screener = _rescreener or _screener
    try:
        record_screening = screener(comment) if screener is not None else None
    except UnderReview:
        comment.status = before
        raise
    fields = ["text", "edited_at"] + (["status"] if comment.status != before else [])
    comment.save(update_fields=fields)
    if record_screening is not None:
        record_screening()
    comment_edited.send(sender=type(comment), comment=comment)
    return comment
