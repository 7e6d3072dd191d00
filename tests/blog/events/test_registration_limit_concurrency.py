"""Thirty bot registrations at once from one client (issue 12 filled a 10-place event this
way): the client limit, counted atomically by the kernel's limiter, lets exactly its number
through and refuses the rest with 429, on SQLite and on PostgreSQL."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from blog.events.models import Registration
from tests.factories import make_open_event, make_registration_form, registration_data

# SQLite waits long enough for every writer (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("patient_sqlite")

THREADS = 30
LIMIT = 10


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_thirty_registrations_at_once_from_one_client_store_only_the_limit(blog_index, settings):
    settings.REGISTRATION_RATE_LIMIT_CLIENT = (LIMIT, 3600)
    event = make_registration_form(make_open_event(), capacity=100)
    datas = [registration_data(event) for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    statuses, errors = [], []

    def register(data):
        try:
            client = Client()
            barrier.wait()
            statuses.append(client.post(event.url, data, REMOTE_ADDR="198.51.100.7").status_code)
        except Exception as exc:  # reported below, not swallowed
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(data,)) for data in datas]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(statuses) == [302] * LIMIT + [429] * (THREADS - LIMIT), connection.vendor
    assert Registration.objects.filter(page=event).count() == LIMIT
