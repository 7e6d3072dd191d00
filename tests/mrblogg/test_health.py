"""/health/: 200 "ok" when the database answers, 503 when it does not; never cached."""

from unittest import mock

import pytest
from django.core.cache import caches
from django.db import OperationalError, connection
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "d"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "h"},
}


def test_the_url_is_health():
    assert reverse("health") == "/health/"


def test_ok_when_the_database_answers(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"ok"


def test_head_is_answered_too(client):
    assert client.head("/health/").status_code == 200


def test_503_when_the_database_does_not_answer(client, caplog):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("gone")):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"database unavailable"
    assert "no-store" in response["Cache-Control"]
    assert "did not answer" in caplog.text


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_are_refused_with_405(client, method):
    # 405, not the CSRF check's 403: the view is exempt from it and changes nothing.
    response = getattr(client, method)("/health/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_never_stored_by_any_cache(client):
    assert client.get("/health/")["Cache-Control"] == "no-store"


def test_exactly_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1) as queries:
        client.get("/health/")
    assert queries.captured_queries[0]["sql"] == "SELECT 1"


def test_the_page_cache_never_answers_for_it(client, django_assert_num_queries):
    # With the page cache on, every request still asks the database.
    with override_settings(CACHES=PAGE_CACHE):
        caches["pages"].clear()
        client.get("/health/")
        with django_assert_num_queries(1):
            response = client.get("/health/")
        assert response.status_code == 200
        assert "Age" not in response
        caches["pages"].clear()


def test_no_session_and_the_security_headers(client):
    response = client.get("/health/")
    assert not response.cookies
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "Permissions-Policy" in response
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_no_login_needed_when_logged_in_either(client, django_user_model):
    user = django_user_model.objects.create_user("h", "h@example.org", "pw")
    client.force_login(user)
    response = client.get("/health/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
