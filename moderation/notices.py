"""Officers hear that comments wait: a task after each new comment, throttled by the task."""

from django.dispatch import receiver

from comments.signals import comment_submitted
from mrblogg.queueing import enqueue_after_commit

from .tasks import notify_officers


@receiver(comment_submitted, dispatch_uid="moderation.notify_officers")
def queue_officer_notice(sender, comment, **kwargs):
    enqueue_after_commit(notify_officers)
