"""Replies and the blog's answers: what a new comment answers, and who speaks for the blog.

Replies go one level deep. A reply to a reply is placed under the same top comment and
remembers whom it answers (`Comment.answers`), so a thread on a phone is never narrower than
one indent. The parent is checked twice: by the form's view for a quick message, and here
inside `submit_comment`'s transaction after the post's row is locked, so a parent rejected or
deleted in between is never answered.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from mrblogg.security import has_totp, requires_mfa

from .models import REPLY_REFUSED, AnswerRole, Comment

NOT_THE_BLOG = _("Only the blog's bloggers and information officers answer as MR-bloggen.")
NEEDS_TWO_FACTORS = _(
    "Set up two-factor authentication before you answer as MR-bloggen."
)


class ReplyRefused(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Placement:
    parent: Comment | None  # the top comment the new one is placed under
    answers: Comment | None  # the reply it answers, when it answers a reply


def placement_for(post, parent_id):
    """Where a new comment on `post` answering comment `parent_id` (None: a top comment)
    goes; ReplyRefused unless that comment is published, on this post, under a published
    top comment."""
    if parent_id is None:
        return Placement(None, None)
    target = (
        Comment.objects.filter(pk=parent_id, post_id=post.pk).published()
        .select_related("parent").first()
    )
    if target is None:
        raise ReplyRefused(REPLY_REFUSED)
    if target.parent_id is None:
        return Placement(target, None)
    top = target.parent
    if top.status != Comment.Status.PUBLISHED:
        raise ReplyRefused(REPLY_REFUSED)
    return Placement(top, target)


def blog_role(user, post):
    """The role in which `user` answers on `post` as the blog, or "" when they may not: an
    information officer (the moderation permission) or a blogger who may edit the post."""
    # Readers never reach the admin: answered without a query about page permissions.
    if not user.is_active or not requires_mfa(user):
        return ""
    if user.has_perm("comments.change_comment"):
        return AnswerRole.OFFICER
    if post.permissions_for_user(user).can_edit():
        return AnswerRole.BLOGGER
    return ""


def answer_role_for(user, post):
    """The role of a blog answer `user` is about to store, or ReplyRefused.

    No CAPTCHA and no queue for it: only an account that reaches the admin may answer, and
    every such account must have an authenticator app (mrblogg/security.py); allauth asks
    for its code at every login of an account that has one. An account without the app
    (its first login, before it was set up) is refused here, so a stolen password alone
    never publishes as the blog.
    """
    role = blog_role(user, post)
    if not role:
        raise ReplyRefused(NOT_THE_BLOG)
    if not has_totp(user):
        raise ReplyRefused(NEEDS_TWO_FACTORS)
    return role
