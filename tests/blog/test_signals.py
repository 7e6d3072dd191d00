"""A blogger's name shows on many pages: saving or deleting one renews the page cache and the
shared fragments (blog/signals.py)."""

import pytest
from django.core.cache import caches
from django.test import override_settings

from mrblogg import fragments
from tests.factories import make_blogger

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "d"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p"},
    "template_fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "f"},
}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def real_caches():
    with override_settings(CACHES=CACHES):
        yield


def test_saving_or_deleting_a_blogger_clears_the_pages_and_the_site_fragments(
    django_capture_on_commit_callbacks,
):
    blogger = make_blogger(name="Anna")
    for change in (lambda: blogger.save(), lambda: blogger.delete()):
        caches["pages"].set("a-page", "old")
        before = fragments.generation(fragments.SITE)
        with django_capture_on_commit_callbacks(execute=True):
            change()
        assert caches["pages"].get("a-page") is None
        assert fragments.generation(fragments.SITE) != before
