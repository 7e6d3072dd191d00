"""Capacity holds when many register at the same moment (blog.events.registrations.lock_event).

Twenty threads post at once to an event one place below capacity; exactly one gets the
place. On PostgreSQL the threads share the test database; SQLite's in-memory test
database cannot be shared between connections with real locking, so there the test
copies it to a file and each thread opens its own connection to that file, as the
web processes of a SQLite site do.
"""

import threading
import time

import pytest
from django.db import connection, connections

from blog.events import registration
from blog.events.models import EventPost, Registration
from blog.events.registration import register
from tests.factories import make_open_event, make_registration_form, registration_data

# SQLite waits long enough for every writer (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("patient_sqlite")

THREADS = 20
CAPACITY = 5


@pytest.fixture(scope="module", autouse=True)
def restore_database_after_the_module(django_db_blocker):
    """Put back what the migrations created (the root page, the default site).

    A transactional test empties every table when it ends, which would leave the next
    transactional test of the session (in another module) without Wagtail's root page.
    The serialized_rollback marks below make pytest-django keep that content.
    """
    yield
    with django_db_blocker.unblock():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def slow_count(monkeypatch):
    """Widen the gap between counting and storing, so a missing lock could not go unnoticed."""
    count = registration.registration_status

    def slow(event):
        status = count(event)
        time.sleep(0.02)
        return status

    monkeypatch.setattr(registration, "registration_status", slow)


def _setup():
    event = make_registration_form(make_open_event(), capacity=CAPACITY)
    for i in range(CAPACITY - 1):
        Registration.objects.create(page=event, email=f"tidig{i}@example.org", form_data={})
    return event


def _race(event_pk, datas, connect=None):
    """Every thread builds its form and registers when all are ready. Returns the outcomes."""
    barrier = threading.Barrier(len(datas))
    outcomes, errors = [], []

    def worker(data):
        try:
            if connect:
                connections["default"] = connect()
            event = EventPost.objects.get(pk=event_pk)
            form = event.get_form(data, page=event)
            assert form.is_valid(), form.errors
            barrier.wait()
            outcomes.append(register(event, form) is not None)
        except Exception as exc:  # reported below, not swallowed
            errors.append(exc)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=worker, args=(data,)) for data in datas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_capacity_holds_under_concurrent_registrations(blog_index):
    """PostgreSQL locks the event row; SQLite (a file in tests) begins every transaction
    IMMEDIATE. Either way 20 registrations at once for the last place store exactly one."""
    event = _setup()
    outcomes = _race(event.pk, [registration_data(event) for _ in range(THREADS)])
    assert outcomes.count(True) == 1, connection.vendor
    assert Registration.objects.filter(page=event).count() == CAPACITY


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_address_twice_at_once_is_stored_once(blog_index):
    event = make_registration_form(make_open_event())
    data = registration_data(event, **{"E-post": "samma@example.org"})
    outcomes = _race(event.pk, [data] * 10)
    assert outcomes.count(True) == 1
    assert Registration.objects.filter(page=event).count() == 1
