"""The limiter counts and decides in one row update, so simultaneous attempts from many
processes never all see "one left" (mrblogg/ratelimit.py)."""

import threading

import pytest
from django.db import connection, connections

from mrblogg import ratelimit
from mrblogg.models import RateLimitCounter
from mrblogg.ratelimit import Limit

# SQLite waits long enough for every writer (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("patient_sqlite")

LIMIT = Limit("test:concurrent", 5, 3600)
ATTEMPTS = 20


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_attempts_at_once_pass_exactly_the_limit():
    barrier = threading.Barrier(ATTEMPTS)
    outcomes, errors = [], []

    def attempt():
        try:
            barrier.wait()
            outcomes.append(ratelimit.attempt(LIMIT, "198.51.100.7/32"))
        except Exception as exc:  # reported below, not swallowed
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(ATTEMPTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert outcomes.count(True) == LIMIT.attempts, connection.vendor
    assert RateLimitCounter.objects.get().count == ATTEMPTS
