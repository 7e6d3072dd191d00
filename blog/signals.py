"""Blog data the page cache must follow: a blogger's name and picture show on many pages."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from mrblogg.cache import site_changed

from .models import Blogger


@receiver(post_save, sender=Blogger, dispatch_uid="blog.signals.blogger_saved")
@receiver(post_delete, sender=Blogger, dispatch_uid="blog.signals.blogger_deleted")
def blogger_changed(sender, **kwargs):
    site_changed()
