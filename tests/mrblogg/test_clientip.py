"""The one client-IP helper (mrblogg/clientip.py) and its use by allauth's limits."""

import pytest
from django.test import RequestFactory

from comments.accounts import ReaderAccountAdapter
from mrblogg.clientip import client_ip
from tests.comments.factory import make_reader


def request_from(remote="10.0.0.2", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_a_trusted_proxy_the_peer_is_the_client_whatever_the_header_says(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("192.0.2.10", "203.0.113.1")) == "192.0.2.10"


def test_with_one_trusted_proxy_the_address_it_saw_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "6.6.6.6" itself; our proxy appended the address it was reached from.
    assert client_ip(request_from("10.0.0.2", "6.6.6.6, 198.51.100.7")) == "198.51.100.7"
    assert client_ip(request_from("10.0.0.2", "198.51.100.7")) == "198.51.100.7"


def test_with_two_trusted_proxies_the_right_most_but_one_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("10.0.0.3", "6.6.6.6, 198.51.100.7, 10.0.0.2")) == "198.51.100.7"


def test_ipv6_is_written_one_way(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.2", "2001:DB8:0:0::1")) == "2001:db8::1"


@pytest.mark.parametrize("forwarded", [
    "", "inte-en-adress", "198.51.100.7:443", "ett, två", "1" * 10_000, "\u202e1.2.3.4",
    "١٢٣.٤.٥.٦",
])
def test_a_header_that_does_not_hold_an_address_falls_back_to_the_peer(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.2", forwarded)) == "10.0.0.2"


def test_a_request_that_bypassed_the_proxy_counts_its_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("192.0.2.10", "203.0.113.1")) == "192.0.2.10"
    assert client_ip(request_from("192.0.2.10")) == "192.0.2.10"


def test_no_address_at_all_is_empty():
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="")) == ""


def test_allauth_asks_the_same_helper(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    adapter = ReaderAccountAdapter()
    request = request_from("10.0.0.2", "6.6.6.6, 198.51.100.7")
    assert adapter.get_client_ip(request) == "198.51.100.7"


def _log_in(client, email, forwarded):
    return client.post(
        "/konto/login/", {"login": email, "password": "fel-lösenord"},
        REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.django_db
def test_allauth_login_limit_behind_the_proxy_is_per_visitor(
    client, settings, blog_index, fresh_rate_limits
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login": "2/m/ip"}
    reader = make_reader()
    for _ in range(2):
        assert _log_in(client, reader.email, "198.51.100.7").status_code == 200
    assert _log_in(client, reader.email, "198.51.100.7").status_code == 429
    # A forged address to the left of what the proxy wrote is the same visitor.
    assert _log_in(client, reader.email, "1.1.1.1, 198.51.100.7").status_code == 429
    # Another visitor behind the same proxy is not locked out.
    assert _log_in(client, reader.email, "203.0.113.5").status_code == 200


@pytest.mark.django_db
def test_allauth_login_limit_ignores_a_forged_header_without_a_proxy(
    client, settings, blog_index, fresh_rate_limits
):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.ACCOUNT_RATE_LIMITS = {"login": "2/m/ip"}
    reader = make_reader()
    for n in range(2):
        _log_in(client, reader.email, f"203.0.113.{n}")
    assert _log_in(client, reader.email, "203.0.113.99").status_code == 429
