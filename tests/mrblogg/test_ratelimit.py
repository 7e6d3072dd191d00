"""The one rate limiter (mrblogg/ratelimit.py): counted in the database, keyed by HMAC."""

import datetime

import pytest
from django.test import RequestFactory

from mrblogg import ratelimit
from mrblogg.models import RateLimitCounter
from mrblogg.ratelimit import Limit

LIMIT = Limit("test:address", 3, 3600)
NOON = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)


def at(minutes):
    return NOON + datetime.timedelta(minutes=minutes)


@pytest.mark.django_db
def test_attempts_within_the_limit_pass_and_the_next_is_refused():
    assert [ratelimit.attempt(LIMIT, "åsa@example.org", now=at(m)) for m in range(5)] == [
        True, True, True, False, False,
    ]
    assert ratelimit.attempt(LIMIT, "någon.annan@example.org", now=at(6))


@pytest.mark.django_db
def test_a_limit_is_counted_per_scope():
    other = Limit("test:client", 3, 3600)
    for m in range(3):
        ratelimit.attempt(LIMIT, "värde", now=at(m))
    assert ratelimit.attempt(other, "värde", now=at(4))
    assert not ratelimit.attempt(LIMIT, "värde", now=at(4))


@pytest.mark.django_db
def test_the_turn_of_the_window_does_not_let_a_burst_through_twice():
    for m in range(3):
        assert ratelimit.attempt(LIMIT, "x", now=at(55 + m))
    # Two minutes into the next hour almost all of the last hour still counts.
    assert not ratelimit.attempt(LIMIT, "x", now=at(62))
    # A whole window later it has all gone.
    assert ratelimit.attempt(LIMIT, "x", now=at(180))


@pytest.mark.django_db
def test_no_address_is_stored_only_digests():
    ratelimit.attempt(LIMIT, "198.51.100.7", now=at(0))
    ratelimit.attempt(LIMIT, "åsa@example.org", now=at(0))
    for row in RateLimitCounter.objects.all():
        assert len(row.key) == 64 and "198.51" not in row.key and "åsa" not in row.key
        assert set(row.key) <= set("0123456789abcdef")


@pytest.mark.django_db
def test_huge_and_non_latin_values_are_counted_like_any_other():
    for value in ["ü" * 100_000, "用户@例子.广告", "\x00\u202e"]:
        assert ratelimit.attempt(LIMIT, value, now=at(0))
        assert RateLimitCounter.objects.filter(key=ratelimit.digest(LIMIT.scope, value)).exists()


@pytest.mark.django_db
def test_old_windows_are_forgotten():
    ratelimit.attempt(LIMIT, "a", now=at(0))
    ratelimit.attempt(LIMIT, "b", now=at(0))
    ratelimit.attempt(LIMIT, "a", now=at(240))  # forgets a's old window on the way
    assert RateLimitCounter.objects.count() == 2
    assert ratelimit.prune(now=at(3 * 24 * 60)) == 2
    assert not RateLimitCounter.objects.exists()


def test_prune_runs_periodically(settings):
    assert any(name == "prune_rate_limits" for _every, name, *_ in settings.PERIODIC_COMMANDS)


def test_a_client_on_ipv6_is_counted_by_its_64(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    one = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2::1")
    other = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert ratelimit.client_value(one) == ratelimit.client_value(other) == "2001:db8:1:2::/64"
    v4 = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1")
    assert ratelimit.client_value(v4) == "192.0.2.1/32"
    assert ratelimit.client_value(RequestFactory().get("/", REMOTE_ADDR="")) == "unknown"
