"""pytest: fast hashing, local memory (Redis as the default cache when REDIS_URL is set),
tasks run at once unless a test asks for the worker."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret-mrblogg"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Django's test runner sends every e-mail to mail.outbox at once whatever EMAIL_BACKEND says;
# tests/mrblogg/test_outbox.py and tests/test_faults.py put the site's outbox back in front of it.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_TRANSPORT_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
# The address of the Site Wagtail's first migration makes (localhost, port 80).
SITE_ADDRESS = WAGTAILADMIN_BASE_URL = "http://localhost"
WHITENOISE_AUTOREFRESH = True
# django-simple-captcha accepts the answer "PASSED" in tests.
CAPTCHA_TEST_MODE = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: concurrency tests need SQLite's real locking between connections.
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        # One file per test process, so parallel runs never share it.
        "NAME": str(Path(tempfile.gettempdir()) / f"mrblogg-test-{os.getpid()}.sqlite3")  # noqa: F405
    }
# Most tests read a page, change data through the ORM and read it again: no page cache,
# except in tests/mrblogg/test_page_cache.py, which turns it on.
# The same for fragments (tests/mrblogg/test_fragments.py and the query-count tests turn them on).
CACHES["pages"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}  # noqa: F405
CACHES["template_fragments"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}  # noqa: F405

if os.environ.get("REDIS_URL"):
    # CI runs the suite once more with Redis as the default cache (allauth's rate limits), as
    # in production. Each pytest-xdist worker gets its own Redis database, so workers never
    # share counters, and a test's cache.clear() (FLUSHDB) empties only its own worker's.
    from urllib.parse import urlsplit, urlunsplit

    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    _redis = urlsplit(os.environ["REDIS_URL"])
    # Databases 1–15 (Redis has 16); 0 is left to whoever else uses the server.
    _database = 1 + int(_worker or 0) % 15
    CACHES["default"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": urlunsplit(_redis._replace(path=f"/{_database}")),
        "KEY_PREFIX": f"mrblogg-test-gw{_worker}",
    }
