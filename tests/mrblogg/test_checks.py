"""The deploy check that the default cache is shared (mrblogg/checks.py)."""

import pytest

from mrblogg.checks import default_cache_is_shared


def cache(backend, **extra):
    return {"default": {"BACKEND": f"django.core.cache.backends.{backend}", **extra}}


@pytest.mark.parametrize("backend", [
    "locmem.LocMemCache", "dummy.DummyCache", "filebased.FileBasedCache",
])
def test_a_per_process_cache_is_an_error_in_production(settings, backend):
    settings.DEBUG = False
    settings.CACHES = cache(backend, LOCATION="/tmp/x")
    errors = default_cache_is_shared(None)
    assert [e.id for e in errors] == ["mrblogg.E001"]
    assert backend in errors[0].msg


def test_an_unknown_backend_counts_as_not_shared(settings):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": "someones.own.Cache"}}
    assert [e.id for e in default_cache_is_shared(None)] == ["mrblogg.E001"]


@pytest.mark.parametrize("backend", [
    "redis.RedisCache", "memcached.PyMemcacheCache", "memcached.PyLibMCCache", "db.DatabaseCache",
])
def test_a_shared_cache_passes(settings, backend):
    settings.DEBUG = False
    settings.CACHES = cache(backend, LOCATION="127.0.0.1:1")
    assert default_cache_is_shared(None) == []


def test_development_may_use_local_memory(settings):
    settings.DEBUG = True
    settings.CACHES = cache("locmem.LocMemCache")
    assert default_cache_is_shared(None) == []


def test_the_check_is_registered_as_a_deploy_check():
    from django.core import checks

    assert default_cache_is_shared in checks.registry.registry.get_checks(
        include_deployment_checks=True
    )
    assert default_cache_is_shared not in checks.registry.registry.get_checks()
