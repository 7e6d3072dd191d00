"""Moderation's side of a reader's edits and deletions (comments/editing.py, through the
seam in comments/signals.py; registered in apps.py).

An edited comment is screened again as if new, after the spam index forgets the old text (so
the index holds what the comment now says). An edit is refused while another information
officer's claim on the comment is live (moderation/claims.py): the officer decides on the
text they read. When the author deletes a comment that keeps its row for its replies, what
screening kept of the text (the fingerprint, the findings' quoted evidence) goes too; the
decisions in the log stay, so the record and the statistics read the same.
"""

from django.dispatch import receiver
from django.utils import timezone

from comments.signals import UnderReview, comment_withdrawn

from .checks.spam import band_keys, unpack
from .models import BandKey, Claim, CommentFingerprint, Finding
from .screening import screen_new_comment


def forget_fingerprint(comment_pk):
    """Take the comment out of the spam index: its fingerprint and its band keys (found by
    the keys themselves, through the index the lookup reads)."""
    fingerprint = CommentFingerprint.objects.filter(comment_id=comment_pk).first()
    if fingerprint is None:
        return
    signature = unpack(fingerprint.signature)
    if signature is not None:
        BandKey.objects.filter(band_key__in=band_keys(signature), comment_id=comment_pk).delete()
    fingerprint.delete()


def screen_edited_comment(comment):
    """The re-screener: UnderReview while an officer holds a live claim on the comment."""
    if Claim.objects.filter(comment_id=comment.pk, expires_at__gt=timezone.now()).exists():
        raise UnderReview
    forget_fingerprint(comment.pk)
    return screen_new_comment(comment)


@receiver(comment_withdrawn, dispatch_uid="moderation.edits.withdrawn")
def forget_withdrawn_text(sender, comment, **kwargs):
    forget_fingerprint(comment.pk)
    Finding.objects.filter(comment_id=comment.pk).update(evidence="")
