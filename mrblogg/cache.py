"""The anonymous page cache, and keeping personal pages out of every cache.

Django's cache middleware stores GET responses in the "pages" cache (local memory by
default, Redis in production). A response is stored only when nobody is logged in: a page
for a logged-in person says `Cache-Control: private, no-store` (set here), and responses
that set a cookie (a CSRF token, a message) are never stored by Django's middleware.
Whenever a page is published, changed or removed, or a published comment appears or
disappears, the whole "pages" cache is cleared: simple, and always right.
"""

from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.cache import patch_cache_control
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from comments.models import Comment

PAGE_CACHE = "pages"


def clear_page_cache(**kwargs):
    caches[PAGE_CACHE].clear()


class PersonalPagesNotStored:
    """Pages rendered for a logged-in person are theirs alone: no cache may keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


page_published.connect(clear_page_cache, dispatch_uid="mrblogg.cache.published")
page_unpublished.connect(clear_page_cache, dispatch_uid="mrblogg.cache.unpublished")


@receiver(post_save, sender=Comment, dispatch_uid="mrblogg.cache.comment_saved")
def comment_saved(sender, instance, update_fields=None, **kwargs):
    # Published, or moved away from published (rejected, undone): readers see a change.
    if instance.status == Comment.Status.PUBLISHED or "status" in (update_fields or ()):
        clear_page_cache()


@receiver(post_save, dispatch_uid="mrblogg.cache.page_saved")
def page_saved(sender, instance, update_fields=None, **kwargs):
    # A live page changed outside publishing (comments closed or reopened from the queue).
    if isinstance(instance, Page) and instance.live and update_fields:
        clear_page_cache()


@receiver(post_delete, sender=Comment, dispatch_uid="mrblogg.cache.comment_deleted")
def comment_deleted(sender, instance, **kwargs):
    if instance.status == Comment.Status.PUBLISHED:
        clear_page_cache()
