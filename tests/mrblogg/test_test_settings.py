"""The test settings' Redis switch: CI runs the suite once with Redis as the default cache."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SHOW = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.CACHES['default']))"
)


def default_cache(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "PYTEST_XDIST_WORKER"}}
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", SHOW], cwd=ROOT, capture_output=True, text=True,
        env={**clean, "DJANGO_SETTINGS_MODULE": "mrblogg.settings.test", **env}, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_redis_url_the_cache_is_local_memory():
    assert default_cache()["BACKEND"].endswith("LocMemCache")


def test_with_redis_url_each_worker_has_its_own_database_and_prefix():
    """cache.clear() is FLUSHDB: with one database per worker it empties only its own."""
    one = default_cache(REDIS_URL="redis://127.0.0.1:6390/0", PYTEST_XDIST_WORKER="gw0")
    two = default_cache(REDIS_URL="redis://127.0.0.1:6390/0", PYTEST_XDIST_WORKER="gw1")
    alone = default_cache(REDIS_URL="redis://127.0.0.1:6390/0")
    assert one["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert one["LOCATION"] == "redis://127.0.0.1:6390/1"
    assert two["LOCATION"] == "redis://127.0.0.1:6390/2"
    assert one["KEY_PREFIX"] != two["KEY_PREFIX"]
    assert alone["LOCATION"] == one["LOCATION"]
