"""Two officers, no double work.

Opening a comment's page or deciding on it claims the comment for the officer for
`settings.MODERATION_CLAIM_MINUTES`; the queue shows the others "Granskas av <name>". A
decision is refused, and nothing changes, when another officer holds a live claim, or when
the comment's status is no longer the one the officer's page was drawn with (someone decided
since). The checks, the decision and the claim run with the comment's row locked
(`select_for_update`, a row lock on PostgreSQL; on SQLite the IMMEDIATE transactions of
mrblogg/settings/base.py serialise writers), so of two officers deciding at once one
decides and the other is refused.
"""

from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.utils import get_user_display_name

from comments.models import Comment

from .decisions import last_decision
from .models import Claim


class Refused(Exception):
    """The decision was not made; `message` says why, in the officer's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def claim_duration():
    return timedelta(minutes=getattr(settings, "MODERATION_CLAIM_MINUTES", 5))


def claim_of(comment):
    """The comment's claim as selected with it (queue.queue_queryset), live or not."""
    try:
        return comment.moderation_claim
    except Claim.DoesNotExist:
        return None


def other_holder(claim, user, now=None):
    """The officer other than `user` whose claim is still live, or None."""
    if claim is None or claim.officer_id == user.pk:
        return None
    return claim.officer if claim.expires_at > (now or timezone.now()) else None


def _lock(pk):
    comment = Comment.objects.select_for_update().filter(pk=pk).first()
    if comment is None:
        raise Http404
    return comment


def _claim_locked(comment, user, now):
    """With the comment locked: the other live holder, or None after claiming it for user."""
    claim = Claim.objects.select_related("officer").filter(comment_id=comment.pk).first()
    holder = other_holder(claim, user, now)
    if holder is None:
        Claim.objects.update_or_create(
            comment_id=comment.pk,
            defaults={"officer": user, "expires_at": now + claim_duration()},
        )
    return holder


def take(pk, user):
    """Claim the comment for the officer (opening its page). Returns the other officer
    who holds it, or None when it is now the officer's."""
    with transaction.atomic():
        return _claim_locked(_lock(pk), user, timezone.now())


def release(pk, user):
    Claim.objects.filter(comment_id=pk, officer=user).delete()


@contextmanager
def deciding(pk, user, rendered_status=None):
    """Yield the comment locked for a decision, or raise Refused (nothing changed).
    `rendered_status`: the status the officer saw (None: the caller does not know it)."""
    with transaction.atomic():
        comment = _lock(pk)
        now = timezone.now()
        claim = Claim.objects.select_related("officer").filter(comment_id=pk).first()
        holder = other_holder(claim, user, now)
        if holder is not None:
            raise Refused(_("%(name)s is reviewing this comment. Nothing was changed.")
                          % {"name": get_user_display_name(holder)})
        if rendered_status is not None and comment.status != rendered_status:
            raise Refused(stale_message(comment))
        yield comment
        _claim_locked(comment, user, now)


def stale_message(comment):
    entry = last_decision(comment)
    status = comment.get_status_display()
    if entry is not None and entry.user is not None:
        return _("%(name)s already decided on this comment: it is now “%(status)s”. "
                 "Nothing was changed.") % {"name": get_user_display_name(entry.user),
                                             "status": status}
    return _("The comment changed after the page was drawn: it is now “%(status)s”. "
             "Nothing was changed.") % {"status": status}
