"""Production settings: secrets from the environment, `check --deploy` silent."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "mrblogg.settings.production",
    "SECRET_KEY": "x" * 30 + "-a-long-random-production-key-for-the-check-only",
    "ALLOWED_HOSTS": "mr-bloggen.example.org",
    "SITE_ADDRESS": "https://mr-bloggen.example.org",
    # Nothing connects to it during the check; the client library must load, though.
    "REDIS_URL": "redis://127.0.0.1:6399/0",
}


def manage(*args, env):
    # Not inherited: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process, and
    # check --deploy rightly refuses it.
    leave_out = {*PROD_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in leave_out}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_is_silent_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PROD_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {k: v for k, v in PROD_ENV.items() if k != "ALLOWED_HOSTS"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_refuses_to_start_without_its_public_address():
    env = {k: v for k, v in PROD_ENV.items() if k != "SITE_ADDRESS"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SITE_ADDRESS must be set" in result.stderr


def test_check_deploy_fails_without_a_shared_cache():
    """Without REDIS_URL every web process would count allauth's limits on its own."""
    env = {k: v for k, v in PROD_ENV.items() if k != "REDIS_URL"}
    result = manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "mrblogg.E001" in result.stderr + result.stdout


def test_production_with_redis_has_the_client_library():
    """With REDIS_URL set every page was a 500: the redis package was not installed."""
    result = manage(
        "shell", "--no-imports", "-c",
        "from django.core.cache import caches\n"
        "for name in ('default', 'pages', 'template_fragments'):\n"
        "    print(name, type(caches[name]._cache.get_client()).__module__)",
        env=PROD_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "default", "redis.client", "pages", "redis.client", "template_fragments", "redis.client",
    ]


def test_production_reads_the_trusted_proxies_from_the_environment():
    result = manage(
        "shell", "--no-imports", "-c",
        "from django.conf import settings; print(settings.TRUSTED_PROXY_COUNT)",
        env={**PROD_ENV, "TRUSTED_PROXY_COUNT": "1"},
    )
    assert result.stdout.strip() == "1", result.stderr
    result = manage("check", env={**PROD_ENV, "TRUSTED_PROXY_COUNT": "en"})
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be a whole number" in result.stderr
