"""The database connection settings: a kept connection is checked before reuse, SQLite waits
briefly for a lock (mrblogg/settings/base.py)."""

import io
import sys

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="terminating a server backend (pg_terminate_backend) is PostgreSQL's",
)


def test_kept_connections_are_checked_and_sqlite_waits_briefly():
    database = settings.DATABASES["default"]
    if database["CONN_MAX_AGE"]:
        assert database["CONN_HEALTH_CHECKS"] is True
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # A visitor waits the whole timeout before the "try again" page: seconds, not 20.
        assert 0 < database["OPTIONS"]["timeout"] <= 5


def wsgi_get(path):
    """A request through Django's real WSGI handler, as gunicorn sends it: unlike the test
    client, it runs the start-of-request connection check (close_old_connections)."""
    status = []
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
    }
    body = b"".join(WSGIHandler()(environ, lambda s, headers: status.append(s)))
    return int(status[0].split()[0]), body


@postgresql_only
# serialized_rollback: the flush after it must leave the tables as the next such test expects.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_after_the_server_drops_every_connection_the_next_request_works():
    import psycopg

    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    assert wsgi_get("/health/") == (200, b"ok")
    assert connection.connection is not None  # kept for the next request
    dsn = {key: value for key, value in {
        "dbname": connection.settings_dict["NAME"], "user": connection.settings_dict["USER"],
        "host": connection.settings_dict["HOST"], "port": connection.settings_dict["PORT"],
        "password": connection.settings_dict["PASSWORD"],
    }.items() if value}
    with psycopg.connect(**dsn, autocommit=True) as other:
        killed = other.execute(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()) t"
        ).fetchone()[0]
    assert killed >= 1
    for _ in range(3):
        assert wsgi_get("/health/") == (200, b"ok")
