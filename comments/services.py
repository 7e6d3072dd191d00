"""Commenting as the product does it: each function holds its own transaction."""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blog.models import BlogPost
from mrblogg.addresses import public_url
from mrblogg.outbox import forget_recipient

from .closure import CLOSED_MESSAGE, closure_of
from .following import follow as start_following
from .following import follows_data
from .models import Comment, CommentSettings, ReaderProfile, Report
from .replies import ReplyRefused, answer_role_for, placement_for
from .reports import reports_of
from .signals import store_blog_answer, store_new_comment
from .text import length, normalise


class CommentRefused(Exception):
    """A comment that may not be stored; `message` is shown to the reader."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


RATE_LIMITED = _("You have written many comments in a short time. Wait a while and try again.")
NOT_VERIFIED = _("Confirm your e-mail address before you comment.")
SUSPENDED = _("Your account may not comment at the moment.")
TOO_LONG_OR_EMPTY = _("The comment is empty or longer than allowed.")


def verified_and_suspended(user):
    """(has a verified e-mail address, is suspended from commenting), in one query."""
    row = (
        get_user_model().objects.filter(pk=user.pk)
        .annotate(
            verified=Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)),
            suspended=Exists(
                ReaderProfile.objects.filter(user=OuterRef("pk"), commenting_suspended=True)
            ),
        )
        .values_list("verified", "suspended")
        .first()
    )
    return row or (False, False)


def submit_comment(*, post, author, text, parent_id=None, as_blog=False, follow=False):
    """Store a new comment, or a reply to comment `parent_id`, as screening decides (PENDING
    unless it is sure), or raise CommentRefused. With `as_blog` it is the blog's answer
    (comments/replies.py: the author must be a blogger of the post or an officer): published
    at once, not screened. Nothing is stored on refusal.

    The reader's row and then the post's row are locked (PostgreSQL: SELECT ... FOR UPDATE;
    SQLite: every transaction begins IMMEDIATE, one writer at a time), so the per-reader limit
    holds across posts and the closure limit per post, under concurrent submissions. Always
    reader first, then post: one order, so two submissions never wait for each other's lock.
    Replies count toward both limits like any comment. With `follow` the author is told by
    e-mail of answers to it (comments/following.py), stored in the same transaction.
    """
    settings = CommentSettings.load()
    text = normalise(text)
    if not text or length(text) > settings.max_length:
        raise CommentRefused(TOO_LONG_OR_EMPTY)
    _check_author(author)
    with transaction.atomic():
        # The limit is counted from the reader's comments on every post; a lock on one post
        # would let the same reader through on five posts at once.
        list(get_user_model().objects.select_for_update().filter(pk=author.pk).values_list("pk"))
        locked = BlogPost.objects.select_for_update(of=("self",)).get(pk=post.pk)
        _check_open_and_rate(locked, author, settings)
        comment = Comment(post=locked, author=author, text=text)
        try:
            placement = placement_for(locked, parent_id)
            role = answer_role_for(author, locked) if as_blog else ""
        except ReplyRefused as refusal:
            raise CommentRefused(refusal.message) from None
        comment.parent, comment.answers = placement.parent, placement.answers
        if role:
            comment.answer_role = role
            store_blog_answer(comment)
        else:
            # Screened before the insert, so it is written once (comments/signals.py).
            store_new_comment(comment)
        if follow:
            start_following(comment, author)
        return comment


def _check_author(author):
    if not author.is_authenticated or not author.is_active:
        raise PermissionDenied
    verified, suspended = verified_and_suspended(author)
    if not verified:
        raise CommentRefused(NOT_VERIFIED)
    if suspended:
        raise CommentRefused(SUSPENDED)


def _check_open_and_rate(locked, author, settings):
    count = Comment.objects.filter(post=locked).counting_toward_limit().count()
    if not locked.live or closure_of(locked, settings, count):
        raise CommentRefused(CLOSED_MESSAGE)
    since = timezone.now() - datetime.timedelta(minutes=settings.rate_limit_minutes)
    recent = Comment.objects.filter(author=author, created_at__gte=since).count()
    if recent >= settings.rate_limit_count:
        raise CommentRefused(RATE_LIMITED)


def reader_data(user):
    """Everything the blog keeps about a reader, as plain data (for the JSON download)."""
    profile = ReaderProfile.objects.filter(user=user).first()
    return {
        "account": {
            "email": user.email,
            "display_name": profile.display_name if profile else "",
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": e.email, "verified": e.verified, "primary": e.primary}
                for e in EmailAddress.objects.filter(user=user)
            ],
        },
        "comments": [
            {
                "post": c.post.title,
                "post_url": public_url(c.post.url or "/"),
                "text": c.text,
                "status": c.status,
                "written": c.created_at.isoformat(),
                "reply_to": c.parent_id,
                "edited": c.edited_at.isoformat() if c.edited_at else None,
                "deleted": c.deleted_at.isoformat() if c.deleted_at else None,
            }
            for c in Comment.objects.filter(author=user).select_related("post")
        ],
        "reports": reports_of(user),
        "follows": follows_data(user),
    }


def erase_account(user):
    """Delete the account and, with it, every comment it wrote, every report it made on
    others' comments and every e-mail the outbox holds for it (verification and reset links,
    decisions on its comments): one transaction."""
    with transaction.atomic():
        addresses = {user.email} | set(
            EmailAddress.objects.filter(user=user).values_list("email", flat=True)
        )
        for address in addresses - {""}:
            forget_recipient(address)
        Report.objects.filter(reporter=user).delete()
        Comment.objects.filter(author=user).delete()
        user.delete()
