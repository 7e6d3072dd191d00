"""Fragment cache: parts of a page that are dear to build and rarely change.

The page cache (mrblogg/cache.py) serves whole pages to anonymous readers. Everyone else —
logged-in readers, and anyone after the page cache was cleared — gets a freshly rendered
page, and this module keeps that cheap: the comment list of a post, the side column, the
links in the header and the settings they read are stored in the "template_fragments"
cache (the alias Django's own `{% cache %}` tag uses) under a *generation*.

A generation is a random token kept in the cache under a name ("site", "comments:42").
Keys of fragments include the token; a change anywhere that affects the fragment gives the
name a new token, so old fragments are never read again and expire on their own. A token
that is evicted is simply replaced: the next reader builds the fragment again. Changes are
announced twice: at once (the same transaction reads its own writes) and after the commit
(a reader who looked while the change was uncommitted could have stored what it saw before
it under the new token; the second token makes that entry unreachable).
"""

import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils.functional import SimpleLazyObject

FRAGMENTS = "template_fragments"
SITE = "site"


def fragment_cache():
    return caches[FRAGMENTS]


def timeout():
    return settings.FRAGMENT_CACHE_SECONDS


def _key(name):
    return f"generation:{name}"


def generation(name):
    """The current token of `name`, made if there is none."""
    cache = fragment_cache()
    token = cache.get(_key(name))
    if token is None:
        token = uuid.uuid4().hex
        # add(): when two readers race, the first token wins and both use it.
        if not cache.add(_key(name), token, None):
            token = cache.get(_key(name)) or token
    return token


def _new_token(name):
    fragment_cache().set(_key(name), uuid.uuid4().hex, None)


def bump(name):
    """What `name` covers has changed: forget every fragment built under it."""
    _new_token(name)
    transaction.on_commit(lambda: _new_token(name), robust=True)


def get_or_build(key, generations, build):
    """The fragment `key` under the current tokens of `generations`, built when missing."""
    tokens = ":".join(generation(name) for name in generations)
    full_key = f"fragment:{key}:{tokens}"
    cache = fragment_cache()
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, timeout())
    return value


def cached_setting(model):
    """A Wagtail generic setting, read from the fragment cache (the "site" generation
    changes when any setting is saved)."""
    return get_or_build(f"setting:{model._meta.label_lower}", [SITE], model.load)


def generations(request):
    """Context processor: `site_generation` for `{% cache %}` blocks in templates. Lazy, so
    a page without such a block does not ask the cache."""
    return {"site_generation": SimpleLazyObject(lambda: generation(SITE))}
