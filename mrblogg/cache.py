"""The anonymous page cache, and keeping personal pages out of every cache.

Django's cache middleware stores GET responses in the "pages" cache (local memory by
default, Redis in production). A response is stored only when nobody is logged in: a page
for a logged-in person says `Cache-Control: private, no-store` (set here), and responses
that set a cookie (a CSRF token, a message) are never stored by Django's middleware.
Whenever a page is published, changed or removed, or a published comment appears or
disappears, the whole "pages" cache is cleared: simple, and always right. The kernel clears
it for Wagtail's own models (pages, sites, settings); the apps connect their models to
`site_changed` or `clear_page_cache` (blog/signals.py for bloggers, comments/listing.py for
comments), so the kernel imports no app. It is cleared
at once and again after the commit, so a page rendered by a reader while the change was
still uncommitted is not kept.

The same events give the fragment cache's "site" generation a new token (side column,
header links, settings: mrblogg/fragments.py); comment lists have their own generation per
post (comments/listing.py).
"""

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.cache import patch_cache_control
from wagtail.contrib.settings.models import BaseGenericSetting
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import fragments

PAGE_CACHE = "pages"


def _clear():
    caches[PAGE_CACHE].clear()


def clear_page_cache(**kwargs):
    _clear()
    transaction.on_commit(_clear, robust=True)


def site_changed(**kwargs):
    """Pages, bloggers or settings changed: the pages and the shared fragments go."""
    clear_page_cache()
    fragments.bump(fragments.SITE)


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


page_published.connect(site_changed, dispatch_uid="mrblogg.cache.published")
page_unpublished.connect(site_changed, dispatch_uid="mrblogg.cache.unpublished")
post_page_move.connect(site_changed, dispatch_uid="mrblogg.cache.moved")


@receiver(post_delete, dispatch_uid="mrblogg.cache.deleted")
def something_deleted(sender, instance, **kwargs):
    if isinstance(instance, (Page, Site)):
        site_changed()


@receiver(post_save, dispatch_uid="mrblogg.cache.saved")
def something_saved(sender, instance, update_fields=None, **kwargs):
    if isinstance(instance, (BaseGenericSetting, Site)):
        site_changed()
    elif isinstance(instance, Page) and instance.live and update_fields:
        # A live page changed outside publishing (one field saved on its own, not a revision).
        site_changed()

