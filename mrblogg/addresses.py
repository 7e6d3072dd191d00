"""The site's one public address: the root URL of Wagtail's default Site.

Every channel that writes an absolute link (feeds, sitemap, e-mails from requests and from the
worker, .ics, exports, JSON-LD, canonical links) takes it from here, so
they all agree whatever host a request came in on. `manage.py set_site_address` sets it:
`make run` to the address it serves on, production from SITE_ADDRESS at deploy time.
WAGTAILADMIN_BASE_URL (Wagtail's own notification mails) is the same SITE_ADDRESS setting.

Nothing here imports an app of the project (the kernel rule); Wagtail's models are imported
inside the functions because settings import this module before the apps are loaded.
"""

from django.core.cache import cache
from django.db import transaction

CACHE_KEY = "mrblogg:site-root"
# Saving or deleting a Site clears the key at once (mrblogg.apps); the timeout only bounds
# how long a change made behind Django's back (raw SQL) goes unseen.
CACHE_SECONDS = 300
FALLBACK = "http://localhost"


def site_root():
    """The default Site's root URL without a trailing slash, e.g. "https://mr.example.se"."""
    root = cache.get(CACHE_KEY)
    if root is None:
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
        root = site.root_url.rstrip("/") if site else FALLBACK
        cache.set(CACHE_KEY, root, CACHE_SECONDS)
    return root


def public_url(path="/"):
    """The absolute public address of a site path ("/prenumeration/…" or a full URL kept)."""
    if "://" in path.split("?", 1)[0]:
        return path
    return site_root() + "/" + path.lstrip("/")


def forget_site_root(**kwargs):
    """Now, and again at commit: a read between the save and the commit (in another process)
    would otherwise cache the old root for CACHE_SECONDS."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))

