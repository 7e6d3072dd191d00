"""Cache settings for tests that count what the fragment cache saves."""

FRAGMENT_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "d"},
    "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    "template_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments-test",
    },
}
