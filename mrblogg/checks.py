"""System checks of the project's own (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

# Caches every web process and machine sees alike. allauth counts login, sign-up and reset
# attempts in the default cache; in a per-process cache (local memory, a file per machine,
# the dummy that keeps nothing) each process counts on its own, and with N processes a limit
# of 5 lets 5 × N through.
SHARED_CACHE_BACKENDS = {
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
    "django.core.cache.backends.db.DatabaseCache",
}


@register(Tags.caches, deploy=True)
def default_cache_is_shared(app_configs, **kwargs):
    """Error in production (DEBUG off) when the default cache is not shared by processes.
    A backend not known to be shared counts as not shared: the check fails closed."""
    if settings.DEBUG:
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in SHARED_CACHE_BACKENDS:
        return []
    return [
        Error(
            f"The default cache ({backend or 'none'}) is not shared by the web processes, so "
            "the account rate limits (allauth) are counted per process.",
            hint="Set REDIS_URL (production settings), or point CACHES['default'] at Redis, "
            "Memcached or the database cache.",
            id="mrblogg.E001",
        )
    ]
