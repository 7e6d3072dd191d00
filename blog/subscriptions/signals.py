"""Start a mailing when a post is published for the first time.

Wagtail sends `page_published` on every publish, for a re-publish, and also when a post is
scheduled for later (it is not live then); `publish_scheduled` sends it again when the post
goes live. Only a live post whose first and last publication are the same moment is new.
"""

from django.dispatch import receiver
from wagtail.signals import page_published

from blog.models import BlogPost
from mrblogg.queueing import enqueue_after_commit

from .models import Delivery, Mailing
from .tasks import fan_out, send_batch


@receiver(page_published, dispatch_uid="subscriptions.start_mailing")
def start_mailing(sender, instance, **kwargs):
    if not isinstance(instance, BlogPost) or not instance.live:
        return
    if instance.first_published_at != instance.last_published_at:
        # A re-publish sends nothing new, but finishes a mailing stopped by an unpublish.
        if Delivery.objects.filter(post_id=instance.pk, status=Delivery.Status.PENDING).exists():
            enqueue_after_commit(send_batch, instance.pk)
        return
    _, created = Mailing.objects.get_or_create(post_id=instance.pk)
    if created:
        enqueue_after_commit(fan_out, instance.pk)
